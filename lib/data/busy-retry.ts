// SQLite allows one writer at a time. The connection already waits BUSY_TIMEOUT_MS (db.ts) for a
// lock; this is the second line: when a write still fails with SQLITE_BUSY/LOCKED (a long seed, a
// backup, a checkpoint under load), it is retried with backoff instead of surfacing as a lost
// submission. Only lock errors are retried: anything else is a real failure and is thrown at once.

const LOCK_PATTERN = /SQLITE_BUSY|SQLITE_LOCKED|database is locked|database table is locked|database schema is locked/i;

/** True when `e` (or any error in its `cause` chain) is an SQLite lock error. */
export function isBusyError(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur !== null && cur !== undefined && depth < 6; depth++) {
    if (typeof cur === "string") return LOCK_PATTERN.test(cur);
    if (typeof cur !== "object") return false;
    const fields = cur as { message?: unknown; code?: unknown; cause?: unknown; originalCode?: unknown; originalMessage?: unknown };
    for (const v of [fields.message, fields.code, fields.originalCode, fields.originalMessage]) {
      if (typeof v === "string" && LOCK_PATTERN.test(v)) return true;
    }
    cur = fields.cause;
  }
  return false;
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
