// Gives every test file of the "postgres" project its own database, copied from the migrated
// template (tests/setup/postgres-global-setup.ts), before any lib/data import reads DATABASE_URL.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { TEMPLATE_DATABASE } from "./postgres-server";

const adminUrl = inject("postgresAdminUrl");
const database = `test_${process.env.VITEST_POOL_ID ?? "0"}_${randomUUID().replaceAll("-", "")}`;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

await admin(`CREATE DATABASE "${database}" TEMPLATE "${TEMPLATE_DATABASE}"`);
const url = new URL(adminUrl);
url.pathname = `/${database}`;
process.env.DATABASE_URL = url.toString();
// lib/auth/options.ts parses the environment at import; a fixed test secret keeps it valid.
process.env.NEXTAUTH_SECRET ??= "test-secret-test-secret-test-secret-0123456789";

afterAll(async () => {
  const { disconnectDb } = await import("@/lib/data/db");
  await disconnectDb();
  await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
});
