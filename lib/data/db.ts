import "server-only";
import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "@/lib/generated/prisma-pg/client";
import { databaseEngineOf, resolveDatabaseUrl, type DatabaseEngine } from "@/lib/env";
import { withBusyRetry } from "./busy-retry";
import type { CheckpointStats } from "./idle-checkpoint";
import type { SqlValue, SqlWork, SqlWriter } from "./sql";
import { BUSY_TIMEOUT_MS, SqliteSql } from "./sql-sqlite";
import { guardedPostgresPool, PostgresOutageLog, PostgresSql, postgresPoolConfig } from "./sql-postgres";
import { describePostgresConnectionError } from "./postgres-errors";

// The only place that constructs the Prisma client, for the engine DATABASE_URL names: the
// embedded SQLite file (default) or a PostgreSQL server (decision 055). Everything else in the app
// goes through lib/data, which checks authorization and returns plain DTOs. Beside Prisma, each
// engine has a plain driver for the hand-written SQL of the submission path (readOne,
// writeTransaction: lib/data/sql.ts, decision 057).

export { BUSY_TIMEOUT_MS, writeCommitStats } from "./sql-sqlite";
export type { SqlValue, SqlWork, SqlWriter } from "./sql";

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

/** One database's Prisma client and hand-written-SQL driver. */
type Connected =
  | { engine: "sqlite"; url: string; client: PrismaClient; sql: SqliteSql }
  | { engine: "postgresql"; url: string; client: PrismaClient; sql: PostgresSql };

function connect(url: string): Connected {
  if (databaseEngineOf(url) === "postgresql") {
    const outages = new PostgresOutageLog(url);
    // Our own pool (guarded like the hand-written SQL's), ended with the client.
    const adapter = new PrismaPg(guardedPostgresPool(postgresPoolConfig(url), outages), {
      onPoolError: (e) => outages.failed(e),
      onConnectionError: (e) => outages.failed(e),
      disposeExternalPool: true,
    });
    // The PostgreSQL client is generated from a schema derived text for text from the SQLite one
    // (scripts/lib/postgres-schema.ts, checked by tests/data/schemas-in-step.test.ts): the same
    // models, fields and relations, so lib/data sees one model API. TypeScript cannot prove two
    // generated clients' generic signatures equal, hence the cast.
    const client = new PostgresPrismaClient({ adapter }) as unknown as PrismaClient;
    return { engine: "postgresql", url, client, sql: new PostgresSql(url, outages) };
  }
  const file = url.slice("file:".length);
  enableWal(file);
  // `timeout` is better-sqlite3's busy timeout (PRAGMA busy_timeout) for the adapter's connection.
  const client = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url, timeout: BUSY_TIMEOUT_MS }) });
  return { engine: "sqlite", url, client, sql: new SqliteSql(file) };
}

/** DATABASE_URL resolved (an absolute file URL for SQLite), re-resolved only when the variable changes. */
let resolvedUrl: { raw: string | undefined; url: string } | null = null;
function databaseUrl(): string {
  const raw = process.env.DATABASE_URL;
  if (resolvedUrl === null || resolvedUrl.raw !== raw) resolvedUrl = { raw, url: resolveDatabaseUrl(raw) };
  return resolvedUrl.url;
}

// One connection set per process (and per database URL: each test file points at its own
// database). Kept on globalThis so dev-server hot reloads do not open new connections on every edit.
const globalForDb = globalThis as typeof globalThis & { chainruleDb?: Connected };

function connected(): Connected {
  const url = databaseUrl();
  const cached = globalForDb.chainruleDb;
  if (cached?.url === url) return cached;
  const fresh = connect(url);
  if (cached) void close(cached);
  globalForDb.chainruleDb = fresh;
  return fresh;
}

async function close(held: Connected): Promise<void> {
  if (held.engine === "sqlite") held.sql.close();
  else await held.sql.close();
  await held.client.$disconnect();
}

export function db(): PrismaClient {
  return connected().client;
}

/** The engine behind DATABASE_URL. */
export function databaseEngine(): DatabaseEngine {
  return connected().engine;
}

/**
 * One row of a hand-written query (SQLite's storage shape on both engines: booleans 0/1, JSON and
 * dates as text) or undefined. For the few reads on every submission's path (session user, access
 * check, result polling), where Prisma's per-query cost inside the Next server dominated
 * (decision 044): on SQLite a cached prepared statement, on PostgreSQL a named statement.
 */
export function readOne<T>(sql: string, ...params: SqlValue[]): Promise<T | undefined> {
  try {
    const held = connected();
    return held.engine === "sqlite" ? Promise.resolve(held.sql.readOne<T>(sql, params)) : held.sql.readOne<T>(sql, params);
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}

/**
 * `work` (a generator of statements, lib/data/sql.ts) inside one write transaction. SQLite: on the
 * write connection, in a BEGIN IMMEDIATE … COMMIT shared by every write issued in the same turn of
 * the event loop, each in its own savepoint (decision 046); PostgreSQL: a transaction of its own.
 * A lock error (SQLITE_BUSY: another process or a Prisma transaction holds the lock; PostgreSQL's
 * lock timeout, deadlock or serialization failure) is retried with backoff for ~12 s in all:
 * longer than the 5 s lock waits, so a held lock is outlasted.
 */
export function writeTransaction<T>(work: (sql: SqlWriter) => SqlWork<T>): Promise<T> {
  return withBusyRetry(() => connected().sql.write(work), { attempts: 14, baseDelayMs: 5 });
}

/** Rows inserted straight into tables, in the given order, in one transaction (synthetic class seed). */
export async function bulkInsert(tables: Record<string, readonly Record<string, SqlValue>[]>): Promise<void> {
  const held = connected();
  if (held.engine === "sqlite") held.sql.bulkInsert(tables);
  else await held.sql.bulkInsert(tables);
}

/**
 * The SQLite write connection's checkpoints after pauses in writes, and its own automatic
 * checkpoint threshold in pages (null before the first write, and on PostgreSQL).
 */
export function walCheckpointStats(): (CheckpointStats & { autoCheckpointPages: number }) | null {
  const held = globalForDb.chainruleDb;
  return held?.engine === "sqlite" ? held.sql.checkpointStats() : null;
}

/**
 * A Date as Prisma's SQLite adapter stores DateTime columns, so Prisma reads it back unchanged;
 * PostgreSQL takes the same text for its timestamp columns (UTC, the offset is ignored).
 */
export function sqliteDateText(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

/** A DateTime column as Prisma writes it (ISO 8601 text); a bare "YYYY-MM-DD HH:MM:SS" (PostgreSQL's timestamp) is UTC. */
export function sqliteDate(value: string | number): Date {
  if (typeof value === "number") return new Date(value);
  return new Date(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/.test(value) ? `${value.replace(" ", "T")}Z` : value);
}

/** A Json column's text, parsed (null when absent or not JSON). */
export function sqliteJson(value: string | null): unknown {
  if (value === null) return null;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return null;
  }
}

// Prisma's codes for a server it cannot reach, that timed out connecting, or closed the connection.
const PRISMA_UNREACHABLE = new Set(["P1001", "P1002", "P1017"]);

/**
 * Whether `e` (from readOne, writeTransaction or Prisma) means the PostgreSQL server cannot be
 * reached right now (down, restarting, refusing connections), rather than a failing statement:
 * the request can be answered "try again" without a stack trace, since the outage is logged once
 * (decision 058). Always false on SQLite, whose file does not go away.
 */
export function isDatabaseUnavailable(e: unknown): boolean {
  const held = globalForDb.chainruleDb;
  if (held?.engine !== "postgresql") return false;
  // Driver errors may arrive wrapped (Prisma's adapter errors keep the driver's as `cause`).
  let current: unknown = e;
  for (let depth = 0; depth < 4 && typeof current === "object" && current !== null; depth++) {
    const code = "code" in current ? current.code : undefined;
    if (typeof code === "string" && PRISMA_UNREACHABLE.has(code)) return true;
    if (describePostgresConnectionError(current, held.url) !== null) return true;
    current = "cause" in current ? current.cause : undefined;
  }
  return false;
}

/** Closes the connections (scripts and tests, so the process can exit and files can be removed). */
export async function disconnectDb(): Promise<void> {
  const held = globalForDb.chainruleDb;
  globalForDb.chainruleDb = undefined;
  if (held) await close(held);
}
