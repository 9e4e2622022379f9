import { describe, expect, it } from "vitest";
import { BUSY_TIMEOUT_MS, databaseEngine, db, readOne } from "@/lib/data/db";
import { POSTGRES_TIMEOUTS } from "@/lib/data/postgres-errors";

describe.runIf(databaseEngine() === "sqlite")("SQLite connection", () => {
  it("runs in WAL mode with a busy timeout", async () => {
    const journal = await db().$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
    expect(journal[0]?.journal_mode).toBe("wal");
    const busy = await db().$queryRawUnsafe<{ timeout: number | bigint }[]>("PRAGMA busy_timeout");
    expect(Number(busy[0]?.timeout)).toBe(BUSY_TIMEOUT_MS);
  });
});

describe.runIf(databaseEngine() === "postgresql")("PostgreSQL connections", () => {
  it("limit every statement and lock wait, on Prisma's pool and on the hand-written SQL's", async () => {
    const want = { statement_timeout: `${POSTGRES_TIMEOUTS.statement_timeout / 1000}s`, lock_timeout: `${POSTGRES_TIMEOUTS.lock_timeout / 1000}s` };
    const viaPrisma = await db().$queryRawUnsafe<{ statement_timeout: string; lock_timeout: string }[]>(
      "SELECT current_setting('statement_timeout') AS statement_timeout, current_setting('lock_timeout') AS lock_timeout",
    );
    expect(viaPrisma[0]).toEqual(want);
    const viaPool = await readOne<{ statement_timeout: string; lock_timeout: string }>(
      "SELECT current_setting('statement_timeout') AS statement_timeout, current_setting('lock_timeout') AS lock_timeout",
    );
    expect(viaPool).toEqual(want);
  });

  it("reads rows in SQLite's storage shape: booleans 0/1, timestamps and JSON as text", async () => {
    const row = await readOne<{ yes: number; at: string; doc: string; big: number }>(
      `SELECT true AS "yes", TIMESTAMP '2026-12-04 10:00:00.250' AS "at", '{"b": 1}'::jsonb AS "doc", CAST(9007199254740991 AS BIGINT) AS "big"`,
    );
    expect(row).toEqual({ yes: 1, at: "2026-12-04 10:00:00.25", doc: '{"b": 1}', big: 9007199254740991 });
  });
});
