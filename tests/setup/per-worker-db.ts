// Gives every test file its own copy of the migrated base database, before any lib/data import
// reads DATABASE_URL (setup files run first). lib/data/db.ts keys its client by URL.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, inject } from "vitest";

const baseFile = inject("baseDatabaseFile");
const file = path.join(path.dirname(baseFile), `worker-${process.env.VITEST_POOL_ID ?? "0"}-${randomUUID()}.db`);
fs.copyFileSync(baseFile, file);
process.env.DATABASE_URL = `file:${file}`;
// lib/auth/options.ts parses the environment at import; a fixed test secret keeps it valid.
process.env.NEXTAUTH_SECRET ??= "test-secret-test-secret-test-secret-0123456789";

type CachedDb = { client: { $disconnect(): Promise<void> } } | undefined;

afterAll(async () => {
  const holder = globalThis as { chainruleDb?: CachedDb };
  await holder.chainruleDb?.client.$disconnect();
  holder.chainruleDb = undefined;
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(file + suffix, { force: true });
});
