import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { databaseFileFromUrl } from "@/lib/env";
import { db } from "@/lib/data/db";
import { isBusyError, withBusyRetry } from "@/lib/data/busy-retry";
import { seedDemo } from "@/lib/data/demo-seed";
import { startCodeSubmission } from "@/lib/data/submissions";
import type { Viewer } from "@/lib/data/access";

// SQLite busy/locked errors are retried, never surfaced as a lost submission.

describe("withBusyRetry", () => {
  it("retries lock errors until the write goes through", async () => {
    let calls = 0;
    const value = await withBusyRetry(
      () => {
        calls++;
        if (calls < 4) return Promise.reject(Object.assign(new Error("SqliteError: database is locked"), { code: "SQLITE_BUSY" }));
        return Promise.resolve("stored");
      },
      { baseDelayMs: 1 },
    );
    expect(value).toBe("stored");
    expect(calls).toBe(4);
  });

  it("does not retry other errors, and gives up after its attempts", async () => {
    let calls = 0;
    await expect(
      withBusyRetry(() => {
        calls++;
        return Promise.reject(new Error("UNIQUE constraint failed"));
      }),
    ).rejects.toThrow("UNIQUE");
    expect(calls).toBe(1);
    await expect(withBusyRetry(() => Promise.reject(new Error("SQLITE_LOCKED")), { attempts: 3, baseDelayMs: 1 })).rejects.toThrow("SQLITE_LOCKED");
  });

  it("recognises lock errors wrapped in causes", () => {
    expect(isBusyError({ message: "Transaction failed", cause: { cause: { code: "SQLITE_BUSY" } } })).toBe(true);
    // What Prisma's better-sqlite3 adapter throws after the busy timeout (captured from a real lock).
    const prisma = { name: "PrismaClientKnownRequestError", code: "P1008", message: "Operation has timed out", meta: { driverAdapterError: { cause: { originalCode: "SQLITE_BUSY", originalMessage: "database is locked", kind: "SocketTimeout" } } } };
    expect(isBusyError(prisma)).toBe(true);
    expect(isBusyError(new Error("Record not found"))).toBe(false);
  });
});

describe("a submission written while another connection holds the write lock", () => {
  let viewer: Viewer;
  let exerciseId = "";

  beforeAll(async () => {
    const report = await seedDemo([
      { slug: "busy-item", meta: { id: "busy-item", title: "Busy", kind: "code", points: 1, order: 1 }, hash: "h1", files: { "exercise.json": "{}" } },
    ]);
    viewer = { id: report.studentId, email: "student@example.com", name: null, role: "student" };
    exerciseId = (await db().exercise.findUniqueOrThrow({ where: { slug: "busy-item" } })).id;
  });

  it("is stored once the lock is released, even past the connection's busy timeout", async () => {
    const file = databaseFileFromUrl(process.env.DATABASE_URL ?? "");
    const other = new Database(file);
    other.exec("BEGIN IMMEDIATE"); // holds the write lock
    // Released after the 5 s busy timeout has expired at least once.
    const release = setTimeout(() => {
      other.exec("COMMIT");
      other.close();
    }, 6_500);
    try {
      const started = await startCodeSubmission(viewer, { exerciseId, code: "export class X {}", mode: "hidden" });
      expect(started.ok).toBe(true);
      const count = await db().submission.count({ where: { exerciseId } });
      expect(count).toBe(1);
    } finally {
      clearTimeout(release);
      if (other.open) {
        other.exec("COMMIT");
        other.close();
      }
    }
  }, 30_000);
});
