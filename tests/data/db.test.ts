import { describe, expect, it } from "vitest";
import { BUSY_TIMEOUT_MS, db } from "@/lib/data/db";

describe("SQLite connection", () => {
  it("runs in WAL mode with a busy timeout", async () => {
    const journal = await db().$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
    expect(journal[0]?.journal_mode).toBe("wal");
    const busy = await db().$queryRawUnsafe<{ timeout: number | bigint }[]>("PRAGMA busy_timeout");
    expect(Number(busy[0]?.timeout)).toBe(BUSY_TIMEOUT_MS);
  });
});
