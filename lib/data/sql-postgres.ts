import "server-only";
import pg from "pg";
import { describePostgresConnectionError, POSTGRES_TIMEOUTS } from "./postgres-errors";
import { numberedPlaceholders, runSqlWorkAsync, type SqlStep, type SqlValue, type SqlWork, type SqlWriter, sqlWriter } from "./sql";

// The hand-written SQL on PostgreSQL (decision 057): one node-postgres pool beside Prisma's, with
// named (server-side prepared) statements, the counterpart of lib/data/sql-sqlite.ts. Rows come
// back in SQLite's storage shape (booleans 0/1, timestamps and JSON as text, bigint as number), so
// the code that reads them is the same on both engines. Each write runs in its own transaction:
// PostgreSQL locks rows, not the database, so writes need no batching to stay out of each other's
// way, and every write of lib/data is built from single atomic statements (an upsert with
// ON CONFLICT, an UPDATE … WHERE status … RETURNING), safe under READ COMMITTED.

const OID = { bool: 16, int8: 20, json: 114, numeric: 1700, timestamp: 1114, timestamptz: 1184, jsonb: 3802 } as const;

type TextParser = (value: string) => unknown;
const asText: TextParser = (v) => v;

/** The parser of a column type's text form, in SQLite's storage shape (the pool uses text format only). */
function storageShapeParser(oid: number): TextParser {
  switch (oid) {
    case OID.bool:
      return (v) => (v === "t" ? 1 : 0);
    case OID.int8:
    case OID.numeric:
      return Number;
    case OID.json:
    case OID.jsonb:
    case OID.timestamp:
    case OID.timestamptz:
      return asText;
    default:
      return pg.types.getTypeParser(oid, "text") as TextParser;
  }
}
const storageShape: pg.CustomTypesConfig = { getTypeParser: storageShapeParser };

/** Connections per pool; each web server has two (this one and Prisma's). */
export const POOL_SIZE = 10;

/**
 * Logs a lost or refused connection once per outage, and the recovery, instead of one line per
 * failing request; shared by this pool and Prisma's (lib/data/db.ts).
 */
export class PostgresOutageLog {
  #down = false;
  constructor(readonly url: string) {}

  failed(e: unknown): void {
    const reason = describePostgresConnectionError(e, this.url);
    if (reason === null || this.#down) return;
    this.#down = true;
    console.warn(`[chainrule] database unavailable: ${reason} Requests that need it fail until it is back.`);
  }

  succeeded(): void {
    if (!this.#down) return;
    this.#down = false;
    console.warn("[chainrule] database reachable again");
  }
}

/** Pool settings for a DATABASE_URL: timeouts everywhere, TCP keep-alive to notice a dead server. */
export function postgresPoolConfig(url: string): pg.PoolConfig {
  return { connectionString: url, max: POOL_SIZE, keepAlive: true, ...POSTGRES_TIMEOUTS };
}

/**
 * A pool whose every connection always has an 'error' listener. pg's pool listens on idle
 * connections only: one the server drops while it is checked out (by us, or by Prisma's adapter)
 * or while it is being closed after a failure emits 'error' with nobody listening, which ends the
 * process (a grader worker died of it when PostgreSQL restarted). The statement in flight still
 * fails on its own; this only logs the outage.
 */
export function guardedPostgresPool(config: pg.PoolConfig, outages: PostgresOutageLog): pg.Pool {
  const pool = new pg.Pool(config);
  pool.on("error", (e) => outages.failed(e));
  pool.on("connect", (client) => client.on("error", (e) => outages.failed(e)));
  return pool;
}

export class PostgresSql {
  readonly #pool: pg.Pool;
  /** Statement names by SQL text: each connection prepares a statement once. */
  readonly #names = new Map<string, { name: string; text: string }>();

  constructor(
    readonly url: string,
    readonly outages: PostgresOutageLog,
  ) {
    this.#pool = guardedPostgresPool({ ...postgresPoolConfig(url), types: storageShape }, outages);
  }

  #query(client: pg.Pool | pg.PoolClient, step: { sql: string; params: SqlValue[] }): Promise<pg.QueryResult> {
    let prepared = this.#names.get(step.sql);
    if (!prepared) {
      prepared = { name: `chainrule_${this.#names.size + 1}`, text: numberedPlaceholders(step.sql) };
      this.#names.set(step.sql, prepared);
    }
    return client.query({ ...prepared, values: step.params }).then(
      (result) => {
        this.outages.succeeded();
        return result;
      },
      (e: unknown) => {
        this.outages.failed(e);
        throw e;
      },
    );
  }

  async readOne<T>(sql: string, params: SqlValue[]): Promise<T | undefined> {
    const result = await this.#query(this.#pool, { sql, params });
    return result.rows[0] as T | undefined;
  }

  /** `work` in a transaction of its own on one pooled connection. */
  async write<T>(work: (sql: SqlWriter) => SqlWork<T>): Promise<T> {
    const client = await this.#pool.connect().catch((e: unknown) => {
      this.outages.failed(e);
      throw e;
    });
    let broken: Error | undefined;
    // pg's pool listens for errors on idle connections only: a checked-out one that the server
    // drops between two statements (a restart) emits 'error' with no listener, which would end
    // the process. The statement in flight fails on its own; this marks the connection broken.
    const onError = (e: Error) => {
      broken = e;
      this.outages.failed(e);
    };
    client.on("error", onError);
    try {
      await client.query("BEGIN");
      const execute = async (step: SqlStep): Promise<unknown> => {
        const result = await this.#query(client, step);
        return step.op === "get" ? result.rows[0] : { changes: result.rowCount ?? 0 };
      };
      const value = await runSqlWorkAsync(work(sqlWriter), execute);
      await client.query("COMMIT");
      return value;
    } catch (e) {
      await client.query("ROLLBACK").catch((rollbackError: unknown) => {
        // The connection itself is gone: the pool must not hand it out again.
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      throw e;
    } finally {
      client.off("error", onError);
      client.release(broken);
    }
  }

  /** Inserts rows (tables in the given order) in one transaction, many rows per statement. */
  async bulkInsert(tables: Record<string, readonly Record<string, SqlValue>[]>): Promise<void> {
    const client = await this.#pool.connect();
    let broken: Error | undefined;
    // As in write(): a connection dropped while checked out must not end the process.
    const onError = (e: Error) => {
      broken = e;
    };
    client.on("error", onError);
    try {
      await client.query("BEGIN");
      for (const [table, rows] of Object.entries(tables)) {
        const first = rows[0];
        if (!first) continue;
        const columns = Object.keys(first);
        // PostgreSQL takes at most 65,535 parameters per statement.
        const perStatement = Math.floor(60_000 / columns.length);
        for (let start = 0; start < rows.length; start += perStatement) {
          const chunk = rows.slice(start, start + perStatement);
          const values: SqlValue[] = [];
          const tuples = chunk.map((row) => `(${columns.map((c) => (values.push(row[c] ?? null), `$${values.length}`)).join(", ")})`);
          await client.query(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES ${tuples.join(", ")}`, values);
        }
      }
      await client.query("COMMIT");
    } catch (e) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw e;
    } finally {
      client.off("error", onError);
      client.release(broken);
    }
  }

  close(): Promise<void> {
    return this.#pool.end();
  }
}
