// The hand-written SQL of lib/data, for both engines (decision 057). Statements use `?`
// placeholders and the SQL both SQLite and PostgreSQL accept; rows come back in SQLite's storage
// shape on both (booleans 0/1, DateTime and Json columns as text): lib/data/sql-postgres.ts
// configures its pool so. A write is a generator of statements (SqlWork): one implementation of
// each write's logic, which SQLite runs synchronously inside one BEGIN IMMEDIATE (never holding
// its lock across an await, decision 046) and PostgreSQL runs statement by statement in its own
// transaction.

export type SqlValue = string | number | null;

export interface SqlRunResult {
  /** Rows inserted, updated or deleted. */
  changes: number;
}

/** One statement of a write, handed to the engine that runs the write. */
export interface SqlStep {
  op: "run" | "get";
  sql: string;
  params: SqlValue[];
}

/** A write's statements: each `yield*` of a SqlWriter call gives back that statement's result. */
export type SqlWork<T> = Generator<SqlStep, T, unknown>;

/** Statements inside a write transaction (writeTransaction in lib/data/db.ts). */
export interface SqlWriter {
  run(sql: string, ...params: SqlValue[]): SqlWork<SqlRunResult>;
  /** The first row (SQLite's storage shape) or undefined. */
  get<T>(sql: string, ...params: SqlValue[]): SqlWork<T | undefined>;
}

// The engine answers each step with what the step asked for (see runSqlWork / runSqlWorkAsync).
export const sqlWriter: SqlWriter = {
  *run(sql: string, ...params: SqlValue[]): SqlWork<SqlRunResult> {
    return (yield { op: "run", sql, params }) as SqlRunResult;
  },
  *get<T>(sql: string, ...params: SqlValue[]): SqlWork<T | undefined> {
    return (yield { op: "get", sql, params }) as T | undefined;
  },
};

/** Runs a write's statements synchronously (SQLite). */
export function runSqlWork<T>(work: SqlWork<T>, execute: (step: SqlStep) => unknown): T {
  let next = work.next();
  while (!next.done) next = work.next(execute(next.value));
  return next.value;
}

/** Runs a write's statements one after the other (PostgreSQL). */
export async function runSqlWorkAsync<T>(work: SqlWork<T>, execute: (step: SqlStep) => Promise<unknown>): Promise<T> {
  let next = work.next();
  while (!next.done) next = work.next(await execute(next.value));
  return next.value;
}

/**
 * The statement with PostgreSQL's numbered placeholders: each `?` outside quotes becomes $1, $2…
 * (the statements of lib/data use `?`, which better-sqlite3 needs).
 */
export function numberedPlaceholders(sql: string): string {
  let out = "";
  let n = 0;
  let quote: string | null = null;
  for (const ch of sql) {
    if (quote !== null) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (ch === "?") {
      out += `$${++n}`;
      continue;
    }
    out += ch;
  }
  return out;
}

// PostgreSQL's text and jsonb cannot hold U+0000 (SQLite can): text a user typed is refused with a
// message on both engines (hasNoNul in the input schemas), text the server produces (a student's
// stdout in a grade, a grader message) gets U+FFFD instead, so both engines store the same.

/** For zod refinements of user-typed text. */
export const hasNoNul = (text: string): boolean => !text.includes("\u0000");
export const NUL_MESSAGE = "The text contains a NUL character (U+0000)";

/** `text` with U+0000 replaced by U+FFFD. */
export function withoutNul(text: string): string {
  return hasNoNul(text) ? text : text.replaceAll("\u0000", "\uFFFD");
}

/** JSON text of `value` with U+0000 in its strings replaced by U+FFFD. */
export function jsonWithoutNul(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "string" ? withoutNul(v) : v));
}
