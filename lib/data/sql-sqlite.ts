import "server-only";
import Database from "better-sqlite3";
import { IdleCheckpointer, type CheckpointStats } from "./idle-checkpoint";
import { runSqlWork, sqlWriter, type SqlStep, type SqlValue, type SqlWork, type SqlWriter } from "./sql";

// The hand-written SQL on SQLite: plain better-sqlite3 connections with cached prepared
// statements, beside Prisma's own (lib/data/db.ts picks the engine).
//
// The "read" connection serves the few single-row reads on every submission's path (session user,
// access check, result polling). Inside the Next server every Prisma query costs ~2 ms of
// main-thread CPU (its promise-heavy pipeline under Next's async context tracking); a cached
// prepared statement here costs a few microseconds. query_only; in WAL mode it sees every
// committed write and never a Prisma transaction's uncommitted state (decision 044).
//
// The "write" connection serves the few writes on every submission's path (the row stored
// running, then graded with the student's progress). Each batch of writes is one synchronous
// better-sqlite3 transaction, so it never holds the lock across an await. Its busy timeout is 0:
// a synchronous wait would block the event loop, and with it a Prisma transaction of this same
// process that holds the lock; instead a busy write is retried after an async backoff
// (lib/data/db.ts writeTransaction). See docs/decisions/046-hot-path-writes.md.

/** How long a connection waits for another writer (grader, seed, second request) before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5_000;

/** A write waiting for the next commit (see SqliteSql.write). */
interface QueuedWrite {
  work: (sql: SqlWriter) => SqlWork<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type WriteOutcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Commits to the write connection so far, and the writes they carried (for tests). */
export const writeCommitStats = { commits: 0, writes: 0 };

/** A plain better-sqlite3 connection with its prepared statements. */
class Connection {
  readonly #statements = new Map<string, Database.Statement>();
  constructor(readonly conn: Database.Database) {}

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

/** The write connection with its checkpointer and batch committer. */
interface WriteSide {
  connection: Connection;
  checkpointer: IdleCheckpointer;
  commit: (batch: QueuedWrite[]) => WriteOutcome[];
}

export class SqliteSql {
  #read: Connection | null = null;
  #write: WriteSide | null = null;
  #queued: QueuedWrite[] = [];

  constructor(readonly file: string) {}

  readOne<T>(sql: string, params: SqlValue[]): T | undefined {
    if (this.#read === null) {
      const conn = new Database(this.file, { timeout: BUSY_TIMEOUT_MS });
      conn.pragma("query_only = ON");
      this.#read = new Connection(conn);
    }
    return this.#read.statement(sql).get(...params) as T | undefined;
  }

  /**
   * `work` inside a BEGIN IMMEDIATE … COMMIT on the write connection (its own savepoint: rolled
   * back alone if it throws). Writes issued in the same turn of the event loop share one commit: a
   * burst of grades read from the grader in one go costs one commit instead of one each, and a
   * commit (WAL frames for every page touched) was most of a write's cost (decision 046, update).
   */
  write<T>(work: (sql: SqlWriter) => SqlWork<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.#queued.length === 0) queueMicrotask(() => this.#commitQueued());
      // Each write resolves with what its own `work` returned.
      this.#queued.push({ work, resolve: resolve as (value: unknown) => void, reject });
    });
  }

  /** The write connection's checkpoints after pauses in writes, and its automatic threshold in pages. */
  checkpointStats(): (CheckpointStats & { autoCheckpointPages: number }) | null {
    if (this.#write === null) return null;
    return { ...this.#write.checkpointer.stats(), autoCheckpointPages: Number(this.#write.connection.conn.pragma("wal_autocheckpoint", { simple: true })) };
  }

  /** Inserts rows (tables in the given order) in one transaction, on a connection of its own. */
  bulkInsert(tables: Record<string, readonly Record<string, SqlValue>[]>): void {
    const raw = new Database(this.file, { timeout: BUSY_TIMEOUT_MS });
    try {
      raw.transaction(() => {
        for (const [table, rows] of Object.entries(tables)) {
          const first = rows[0];
          if (!first) continue;
          const columns = Object.keys(first);
          const insert = raw.prepare(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`);
          for (const row of rows) insert.run(columns.map((c) => row[c] ?? null));
        }
      })();
    } finally {
      raw.close();
    }
  }

  close(): void {
    this.#write?.checkpointer.stop();
    this.#write?.connection.conn.close();
    this.#read?.conn.close();
    this.#write = null;
    this.#read = null;
  }

  #writeConnection(): WriteSide {
    if (this.#write !== null) return this.#write;
    const conn = new Database(this.file, { timeout: 0 });
    conn.pragma("foreign_keys = ON");
    // In WAL mode NORMAL syncs at checkpoints, not on every commit: a crash of this process loses
    // nothing committed; only a power cut or OS crash can undo the last commits (decision 046).
    conn.pragma("synchronous = NORMAL");
    const connection = new Connection(conn);
    // Checkpoints wait for a pause in writes (idle-checkpoint.ts), not inside these commits.
    const checkpointer = new IdleCheckpointer(conn);
    this.#write = { connection, checkpointer, commit: batchCommitter(connection) };
    return this.#write;
  }

  #commitQueued(): void {
    const batch = this.#queued;
    this.#queued = [];
    let write: WriteSide;
    let outcomes: WriteOutcome[];
    try {
      write = this.#writeConnection();
      outcomes = write.commit(batch);
    } catch (error) {
      // BEGIN or COMMIT failed (busy, disk): nothing of the batch is stored; each caller retries.
      for (const item of batch) item.reject(error);
      return;
    }
    writeCommitStats.commits++;
    writeCommitStats.writes += batch.length;
    write.checkpointer.wrote();
    batch.forEach((item, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok) item.resolve(outcome.value);
      else item.reject(outcome?.error ?? new Error("write not run"));
    });
  }
}

/** The batch committer of one write connection (built once: better-sqlite3 compiles each wrapper). */
function batchCommitter(write: Connection): (batch: QueuedWrite[]) => WriteOutcome[] {
  const execute = (step: SqlStep): unknown => {
    const statement = write.statement(step.sql);
    return step.op === "get" ? statement.get(...step.params) : { changes: statement.run(...step.params).changes };
  };
  // A transaction function called inside another one runs as a SAVEPOINT.
  const inSavepoint = write.conn.transaction((item: QueuedWrite) => runSqlWork(item.work(sqlWriter), execute));
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
