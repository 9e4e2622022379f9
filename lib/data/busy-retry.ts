// SQLite allows one writer at a time. The connection already waits BUSY_TIMEOUT_MS (db.ts) for a
// lock; this is the second line: when a write still fails with SQLITE_BUSY/LOCKED (a long seed, a
// backup, a checkpoint under load), it is retried with backoff instead of surfacing as a lost
// submission. PostgreSQL's counterparts (a lock wait past lock_timeout, a deadlock, a
// serialization failure) roll the whole transaction back and are retried the same way. Only lock
// errors are retried: anything else is a real failure and is thrown at once.

// PostgreSQL SQLSTATEs: 55P03 lock_not_available, 40P01 deadlock_detected, 40001 serialization_failure.
const LOCK_PATTERN = /SQLITE_BUSY|SQLITE_LOCKED|database is locked|database table is locked|database schema is locked|^(55P03|40P01|40001)$/i;

/**
 * True when `e` is a lock error, however wrapped: better-sqlite3 throws SqliteError
 * { code: "SQLITE_BUSY" }; through Prisma it arrives as P1008 "Operation has timed out" with
 * meta.driverAdapterError.cause.originalCode = "SQLITE_BUSY"; node-postgres throws { code: "55P03" }.
 */
export function isBusyError(e: unknown, depth = 0): boolean {
  if (depth > 6 || e === null || e === undefined) return false;
  if (typeof e === "string") return LOCK_PATTERN.test(e);
  if (typeof e !== "object") return false;
  const fields = e as { message?: unknown; code?: unknown; originalCode?: unknown; originalMessage?: unknown; cause?: unknown; meta?: unknown; driverAdapterError?: unknown };
  for (const v of [fields.code, fields.originalCode, fields.originalMessage, fields.message]) {
    if (typeof v === "string" && LOCK_PATTERN.test(v)) return true;
  }
  return [fields.cause, fields.meta, fields.driverAdapterError].some((inner) => isBusyError(inner, depth + 1));
}

export interface BusyRetryOptions {
  /** Tries in all (first call included). Default 8: with the backoff below, ~6 s beyond the busy timeout. */
  attempts?: number;
  baseDelayMs?: number;
  onRetry?: (attempt: number, error: unknown) => void;
}

export async function withBusyRetry<T>(run: () => Promise<T>, options: BusyRetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 8;
  const base = options.baseDelayMs ?? 50;
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (e) {
      if (attempt >= attempts || !isBusyError(e)) throw e;
      options.onRetry?.(attempt, e);
      // Exponential backoff with jitter, capped, so many waiting writers do not retry in lockstep.
      const delay = Math.min(2_000, base * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}
