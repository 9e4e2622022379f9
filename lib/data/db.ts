import "server-only";
import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { databaseFileFromUrl, resolveDatabaseUrl } from "@/lib/env";
import { withBusyRetry } from "./busy-retry";
import { IdleCheckpointer, type CheckpointStats } from "./idle-checkpoint";

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

/** DATABASE_URL resolved to an absolute file URL, re-resolved only when the variable changes. */
let resolvedUrl: { raw: string | undefined; url: string } | null = null;
function databaseUrl(): string {
  const raw = process.env.DATABASE_URL;
  if (resolvedUrl === null || resolvedUrl.raw !== raw) resolvedUrl = { raw, url: resolveDatabaseUrl(raw) };
  return resolvedUrl.url;
}

// One client per process (and per database URL: each test worker points at its own copy). Kept on
// globalThis so dev-server hot reloads do not open a new connection on every edit.
const globalForDb = globalThis as typeof globalThis & { chainruleDb?: { url: string; client: PrismaClient } };

export function db(): PrismaClient {
  const url = databaseUrl();
  const cached = globalForDb.chainruleDb;
  if (cached?.url === url) return cached.client;
  const client = createClient(url);
  if (cached) void cached.client.$disconnect();
  globalForDb.chainruleDb = { url, client };
  return client;
}

/** A plain better-sqlite3 connection with its prepared statements, one per role and database URL. */
class RawConnection {
  readonly #statements = new Map<string, Database.Statement>();
  constructor(
    readonly url: string,
    readonly conn: Database.Database,
    readonly checkpointer: IdleCheckpointer | null = null,
  ) {}

  close(): void {
    this.checkpointer?.stop();
    this.conn.close();
  }

  #commitBatch: ((batch: QueuedWrite[]) => WriteOutcome[]) | null = null;

  /** Runs a batch of queued writes in one write transaction (see writeTransaction). */
  commit(batch: QueuedWrite[]): WriteOutcome[] {
    this.#commitBatch ??= batchCommitter(this);
    return this.#commitBatch(batch);
  }

  /** `sql` prepared once per connection. */
  statement(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.conn.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}

type RawRole = "read" | "write";
// On globalThis for the same reasons as the Prisma client above.
const globalForRaw = globalThis as typeof globalThis & { chainruleRawDb?: Partial<Record<RawRole, RawConnection>> };

function rawConnection(role: RawRole): RawConnection {
  const url = databaseUrl();
  const held = (globalForRaw.chainruleRawDb ??= {});
  const cached = held[role];
  if (cached?.url === url) return cached;
  db(); // creates the file's WAL mode first
  const file = databaseFileFromUrl(url);
  let conn: Database.Database;
  let checkpointer: IdleCheckpointer | null = null;
  if (role === "read") {
    conn = new Database(file, { timeout: BUSY_TIMEOUT_MS });
    conn.pragma("query_only = ON");
  } else {
    conn = new Database(file, { timeout: 0 });
    conn.pragma("foreign_keys = ON");
    // In WAL mode NORMAL syncs at checkpoints, not on every commit: a crash of this process loses
    // nothing committed; only a power cut or OS crash can undo the last commits (decision 046).
    conn.pragma("synchronous = NORMAL");
    // Checkpoints wait for a pause in writes (idle-checkpoint.ts), not inside these commits.
    checkpointer = new IdleCheckpointer(conn);
  }
  cached?.close();
  const opened = new RawConnection(url, conn, checkpointer);
  held[role] = opened;
  return opened;
}

// The "read" connection serves the few single-row reads on every submission's path (session user,
// access check, result polling). Inside the Next server every Prisma query costs ~2 ms of
// main-thread CPU (its promise-heavy pipeline under Next's async context tracking); a cached
// prepared statement here costs a few microseconds. query_only; in WAL mode it sees every
// committed write and never a Prisma transaction's uncommitted state.

/** One row (raw SQLite values: booleans 0/1, JSON and dates as text) or undefined. */
export function readOne<T>(sql: string, ...params: (string | number | null)[]): T | undefined {
  return rawConnection("read").statement(sql).get(...params) as T | undefined;
}

// The "write" connection serves the few writes on every submission's path (the row stored
// running, then graded with the student's progress). Each write is one synchronous
// better-sqlite3 transaction, so it never holds the lock across an await. Its busy timeout is 0:
// a synchronous wait would block the event loop, and with it a Prisma transaction of this same
// process that holds the lock; instead a busy write is retried after an async backoff.
// See docs/decisions/046-hot-path-writes.md.

/** Runs SQL statements (cached, prepared once) inside a write transaction. */
export interface SqlWriter {
  run(sql: string, ...params: SqlValue[]): Database.RunResult;
  get<T>(sql: string, ...params: SqlValue[]): T | undefined;
}
export type SqlValue = string | number | null;

/** A write waiting for the next commit (see writeTransaction). */
interface QueuedWrite {
  work: (sql: SqlWriter) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}
// Module state, not globalThis: a queue only lives until the microtask that commits it.
let queuedWrites: QueuedWrite[] = [];

/** Commits to the write connection so far, and the writes they carried (for tests). */
export const writeCommitStats = { commits: 0, writes: 0 };

/**
 * `work` inside a BEGIN IMMEDIATE … COMMIT on the write connection (its own savepoint: rolled back
 * alone if it throws). Writes issued in the same turn of the event loop share one commit: a
 * burst of grades read from the grader in one go costs one commit instead of one each, and a
 * commit (WAL frames for every page touched) was most of a write's cost (decision 046, update).
 * SQLITE_BUSY (another process or a Prisma transaction holds the lock) is retried with backoff
 * for ~12 s in all: longer than Prisma's own 5 s busy timeout, so a held lock is outlasted.
 */
export function writeTransaction<T>(work: (sql: SqlWriter) => T): Promise<T> {
  return withBusyRetry(
    () =>
      new Promise<T>((resolve, reject) => {
        if (queuedWrites.length === 0) queueMicrotask(commitQueuedWrites);
        // Each write resolves with what its own `work` returned.
        queuedWrites.push({ work, resolve: resolve as (value: unknown) => void, reject });
      }),
    { attempts: 14, baseDelayMs: 5 },
  );
}

type WriteOutcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** The batch committer of one write connection (built once: better-sqlite3 compiles each wrapper). */
function batchCommitter(write: RawConnection): (batch: QueuedWrite[]) => WriteOutcome[] {
  const writer: SqlWriter = {
    run: (sql, ...params) => write.statement(sql).run(...params),
    get: <R>(sql: string, ...params: SqlValue[]) => write.statement(sql).get(...params) as R | undefined,
  };
  // A transaction function called inside another one runs as a SAVEPOINT.
  const inSavepoint = write.conn.transaction((item: QueuedWrite) => item.work(writer));
  const commitBatch = write.conn.transaction((batch: QueuedWrite[]) =>
    batch.map((item): WriteOutcome => {
      try {
        return { ok: true, value: inSavepoint(item) };
      } catch (error) {
        // Some errors (disk full, I/O) make SQLite roll back the whole transaction: the rest
        // must not run outside it, and nothing of the batch was stored.
        if (!write.conn.inTransaction) throw error;
        return { ok: false, error };
      }
    }),
  );
  return (batch) => commitBatch.immediate(batch);
}

function commitQueuedWrites(): void {
  const batch = queuedWrites;
  queuedWrites = [];
  let write: RawConnection;
  let outcomes: WriteOutcome[];
  try {
    write = rawConnection("write");
    outcomes = write.commit(batch);
  } catch (error) {
    // BEGIN or COMMIT failed (busy, disk): nothing of the batch is stored; each caller retries.
    for (const item of batch) item.reject(error);
    return;
  }
  writeCommitStats.commits++;
  writeCommitStats.writes += batch.length;
  write.checkpointer?.wrote();
  batch.forEach((item, i) => {
    const outcome = outcomes[i];
    if (outcome?.ok) item.resolve(outcome.value);
    else item.reject(outcome?.error ?? new Error("write not run"));
  });
}

/**
 * The write connection's checkpoints after pauses in writes, and its own automatic checkpoint
 * threshold in pages (null before the first write).
 */
export function walCheckpointStats(): (CheckpointStats & { autoCheckpointPages: number }) | null {
  const write = globalForRaw.chainruleRawDb?.write;
  const stats = write?.checkpointer?.stats();
  if (!write || !stats) return null;
  return { ...stats, autoCheckpointPages: Number(write.conn.pragma("wal_autocheckpoint", { simple: true })) };
}

/** A Date as Prisma's SQLite adapter stores DateTime columns, so Prisma reads it back unchanged. */
export function sqliteDateText(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

/** A DateTime column as Prisma writes it (ISO 8601 text); a bare "YYYY-MM-DD HH:MM:SS" is UTC. */
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

/** Closes the connection (scripts and tests, so the process can exit and files can be removed). */
export async function disconnectDb(): Promise<void> {
  const cached = globalForDb.chainruleDb;
  globalForDb.chainruleDb = undefined;
  const raw = globalForRaw.chainruleRawDb;
  globalForRaw.chainruleRawDb = undefined;
  raw?.read?.close();
  raw?.write?.close();
  if (cached) await cached.client.$disconnect();
}
