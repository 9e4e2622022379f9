import "server-only";
import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { databaseFileFromUrl, resolveDatabaseUrl } from "@/lib/env";

// The only place that constructs the Prisma client. Everything else in the app goes through
// lib/data, which checks authorization and returns plain DTOs.

/** How long a connection waits for another writer (grader, seed, second request) before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5_000;

/**
 * WAL lets readers proceed while a submission is being written. The mode is stored in the database
 * file, so setting it once per file is enough; doing it synchronously here means the very first
 * query already runs in WAL mode (an async PRAGMA through Prisma could race it).
 */
export function enableWal(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const raw = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    raw.pragma("journal_mode = WAL");
  } finally {
    raw.close();
  }
}

function createClient(url: string): PrismaClient {
  enableWal(databaseFileFromUrl(url));
  // `timeout` is better-sqlite3's busy timeout (PRAGMA busy_timeout) for the adapter's connection.
  const adapter = new PrismaBetterSqlite3({ url, timeout: BUSY_TIMEOUT_MS });
  return new PrismaClient({ adapter });
}

// One client per process (and per database URL: each test worker points at its own copy). Kept on
// globalThis so dev-server hot reloads do not open a new connection on every edit.
const globalForDb = globalThis as typeof globalThis & { chainruleDb?: { url: string; client: PrismaClient } };

export function db(): PrismaClient {
  const url = resolveDatabaseUrl(process.env.DATABASE_URL);
  const cached = globalForDb.chainruleDb;
  if (cached?.url === url) return cached.client;
  const client = createClient(url);
  if (cached) void cached.client.$disconnect();
  globalForDb.chainruleDb = { url, client };
  return client;
}

/** Closes the connection (scripts and tests, so the process can exit and files can be removed). */
export async function disconnectDb(): Promise<void> {
  const cached = globalForDb.chainruleDb;
  globalForDb.chainruleDb = undefined;
  if (cached) await cached.client.$disconnect();
}
