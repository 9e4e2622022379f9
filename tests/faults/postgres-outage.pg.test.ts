// PostgreSQL going away mid-run, and coming back (decision 058): a PostgreSQL server of this test's
// own, stopped and started again while the data layer holds pooled connections to it. No call may
// wait past its limits, the log says once what is wrong, and everything works again afterwards
// without a restart of this process.
import net from "node:net";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Viewer } from "@/lib/data/access";
import type { NextApiResponse } from "next";
import { db, disconnectDb, isDatabaseUnavailable, readOne } from "@/lib/data/db";
import { seedDemo } from "@/lib/data/demo-seed";
import { checkDatabase } from "@/lib/data/health";
import { guardedPostgresPool, PostgresOutageLog, postgresPoolConfig } from "@/lib/data/sql-postgres";
import { startCodeSubmission } from "@/lib/data/submissions";
import { findViewerById } from "@/lib/data/users";
import { DATABASE_UNAVAILABLE, handleApiRequest } from "@/lib/http/api-response";
import { englishText } from "@/lib/i18n/translate";
import { binCommand } from "../../scripts/lib/project";
import { startPostgresServer, type PostgresServer } from "../setup/postgres-server";

const root = path.resolve(import.meta.dirname, "../..");
const sharedUrl = process.env.DATABASE_URL;
let server: PostgresServer;
let student: Viewer;
let exerciseId = "";

beforeAll(async () => {
  server = await startPostgresServer();
  const url = server.url("outage");
  const deploy = spawnSync(...binCommand("prisma", ["migrate", "deploy"]), { cwd: root, env: { ...process.env, DATABASE_URL: url }, encoding: "utf8" });
  if (deploy.status !== 0) throw new Error(deploy.stderr);
  process.env.DATABASE_URL = url;
  const report = await seedDemo([
    { slug: "outage-item", meta: { id: "outage-item", title: "Outage", kind: "code", points: 1, order: 1 }, hash: "h1", files: { "exercise.json": "{}" } },
  ]);
  student = { id: report.studentId, email: "student@example.com", name: null, role: "student" };
  exerciseId = (await db().exercise.findUniqueOrThrow({ where: { slug: "outage-item" }, select: { id: true } })).id;
}, 60_000);

afterAll(async () => {
  await disconnectDb();
  process.env.DATABASE_URL = sharedUrl;
  await server.destroy();
});

/** How long `work` took to settle, and whether it failed. */
async function timed(work: () => Promise<unknown>): Promise<{ ms: number; failed: boolean }> {
  const t0 = performance.now();
  const failed = await work().then(
    () => false,
    () => true,
  );
  return { ms: performance.now() - t0, failed };
}

const submit = () => startCodeSubmission(student, { exerciseId, code: "export class X {}", mode: "hidden" });

describe("PostgreSQL stopped and started again under a running data layer", () => {
  it("fails fast while it is down, says so once in the log, and works again once it is back", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      // Connections are open and pooled before the outage (hand-written SQL and Prisma).
      expect((await submit()).ok).toBe(true);
      expect(await findViewerById(student.id)).toMatchObject({ email: "student@example.com" });

      await server.stop();
      // Each call fails at once (connection refused), well within the 5 s connection timeout.
      const calls = [() => findViewerById(student.id), submit, () => db().submission.count(), () => readOne("SELECT 1 AS one")];
      for (const call of calls) {
        const outcome = await timed(call);
        expect(outcome.failed).toBe(true);
        expect(outcome.ms).toBeLessThan(6_000);
        // Recognised as an outage (hand-written SQL and Prisma alike), not as a failing statement.
        expect(isDatabaseUnavailable(await call().catch((e: unknown) => e))).toBe(true);
      }
      // A JSON endpoint answers 503 "try again" instead of failing with a stack trace.
      const answered: { status?: number; body?: unknown; retryAfter?: unknown } = {};
      const res = {
        setHeader: (name: string, value: unknown) => (name === "retry-after" ? (answered.retryAfter = value) : undefined),
        status: (status: number) => ((answered.status = status), res),
        json: (body: unknown) => (answered.body = body),
      };
      await handleApiRequest(res as unknown as NextApiResponse, async () => {
        await findViewerById(student.id);
      });
      expect(answered).toEqual({ status: 503, body: { error: englishText(DATABASE_UNAVAILABLE) }, retryAfter: "2" });
      expect(await checkDatabase()).toBe(false);
      const down = warn.mock.calls.map((args) => String(args[0])).filter((line) => line.includes("database unavailable"));
      expect(down).toHaveLength(1);
      expect(down[0]).toMatch(/PostgreSQL (refused the connection|at 127\.0\.0\.1:\d+ closed the connection)/);

      await server.start();
      expect((await submit()).ok).toBe(true);
      // A failing statement is not an outage.
      expect(isDatabaseUnavailable(await readOne("SELECT * FROM no_such_table").catch((e: unknown) => e))).toBe(false);
      expect(await findViewerById(student.id)).toMatchObject({ email: "student@example.com" });
      expect(await db().submission.count({ where: { exerciseId } })).toBe(2);
      expect(await checkDatabase()).toBe(true);
      expect(warn.mock.calls.some((args) => String(args[0]).includes("database reachable again"))).toBe(true);
    } finally {
      warn.mockRestore();
    }
  }, 60_000);

  it("a connection that fails while checked out (or while it is closed) does not end the process", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const url = server.url("outage");
    const pool = guardedPostgresPool(postgresPoolConfig(url), new PostgresOutageLog(url));
    try {
      const client = await pool.connect();
      // pg's own pool removes its listener while a connection is checked out: without the guard,
      // this 'error' (what a server restart delivers between two statements) would throw here.
      expect(() => client.emit("error", new Error("terminating connection due to administrator command"))).not.toThrow();
      client.release(true);
      expect(() => client.emit("error", new Error("late error on a closed connection"))).not.toThrow();
      expect((await pool.query("SELECT 1 AS one")).rows[0]).toEqual({ one: 1 });
    } finally {
      await pool.end();
      warn.mockRestore();
    }
  });

  it("gives up on a server that accepts connections but never answers, after the connection timeout", async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const address = silent.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    process.env.DATABASE_URL = `postgresql://postgres:x@127.0.0.1:${port}/silent`;
    try {
      const outcome = await timed(() => findViewerById(student.id));
      expect(outcome.failed).toBe(true);
      expect(outcome.ms).toBeGreaterThan(4_000);
      expect(outcome.ms).toBeLessThan(8_000);
      expect(warn.mock.calls.some((args) => /did not answer in time/.test(String(args[0])))).toBe(true);
    } finally {
      await disconnectDb();
      process.env.DATABASE_URL = server.url("outage");
      warn.mockRestore();
      silent.close();
    }
  }, 30_000);
});
