import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { databaseFileFromUrl } from "@/lib/env";
import { disconnectDb } from "@/lib/data/db";
import { binCommand, waitForHttp } from "../../scripts/lib/project";
import { HttpSession, postSubmission, signInHttp, waitForResult } from "../load/http-client";
import { mulLayerCodes } from "../load/run-load";
import { createSecurityCast } from "../security/fixtures";

// The whole server is killed (SIGKILL, no shutdown) while submissions are being graded, then
// started again on the same database: every submission it had accepted is graded after the
// restart (instrumentation.ts re-queues them). Uses the e2e build; no second `next build`.

const servers: ChildProcess[] = [];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chainrule-restart-"));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function startServer(dbFile: string, port: number): Promise<ChildProcess> {
  const server = spawn(...binCommand("next", ["start", "-p", String(port)]), {
    cwd: process.cwd(),
    env: { ...process.env, NODE_ENV: "production", DATABASE_URL: `file:${dbFile}`, NEXTAUTH_URL: `http://localhost:${port}` },
    stdio: ["ignore", "ignore", "ignore"],
    detached: true,
  });
  servers.push(server);
  await waitForHttp(`http://localhost:${port}/api/health`, 60_000);
  return server;
}

function killGroup(server: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (server.pid !== undefined) process.kill(-server.pid, signal);
  } catch {
    // already gone
  }
}

afterAll(async () => {
  for (const s of servers) killGroup(s, "SIGKILL");
  await disconnectDb();
  await new Promise((r) => setTimeout(r, 300));
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("server killed mid-grading", () => {
  it("submissions it had accepted are graded after the restart", async () => {
    const cast = await createSecurityCast();
    const copy = path.join(dir, "restart.db");
    const source = new Database(databaseFileFromUrl(process.env.DATABASE_URL ?? ""), { readonly: true });
    await source.backup(copy);
    source.close();

    const port = await freePort();
    const first = await startServer(copy, port);
    const base = `http://localhost:${port}`;
    const session = new HttpSession(base);
    expect((await signInHttp(session, cast.studentA.email, cast.studentA.password)).ok).toBe(true);
    const codes = mulLayerCodes();
    // Three infinite loops fill the grader for their 2 s time limit, so the correct ones behind
    // them are certainly still ungraded when the server dies.
    const batch = [codes.loop, codes.loop, codes.loop, codes.correct, codes.correct, codes.wrong, codes.correct, codes.syntax];
    const posted = await Promise.all(batch.map((code) => postSubmission(session, { exerciseId: cast.codeItem.id, code })));
    expect(posted.map((p) => p.status)).toEqual(batch.map(() => 202));
    killGroup(first, "SIGKILL");
    await new Promise<void>((resolve) => (first.exitCode !== null || first.signalCode !== null ? resolve() : first.once("exit", () => resolve())));

    const ids = posted.map((p) => p.id ?? "");
    const statuses = () => {
      const raw = new Database(copy, { readonly: true });
      try {
        const rows = raw.prepare(`SELECT id, status, score, error FROM Submission WHERE id IN (${ids.map(() => "?").join(",")})`).all(...ids) as {
          id: string;
          status: string;
          score: number | null;
          error: string | null;
        }[];
        return new Map(rows.map((r) => [r.id, r]));
      } finally {
        raw.close();
      }
    };
    const afterKill = statuses();
    expect(afterKill.size).toBe(ids.length); // every accepted submission was stored before the kill
    const pending = [...afterKill.values()].filter((r) => r.status === "queued" || r.status === "running");
    expect(pending.length).toBeGreaterThan(0);

    const port2 = await freePort();
    await startServer(copy, port2);
    const again = new HttpSession(`http://localhost:${port2}`);
    expect((await signInHttp(again, cast.studentA.email, cast.studentA.password)).ok).toBe(true);
    const results = await Promise.all(ids.map((id) => waitForResult(again, id, 45_000)));
    expect(results.map((r) => r.body?.status)).toEqual(ids.map(() => "graded"));
    const scores = results.map((r) => r.body?.score);
    expect(scores[3]).toBe(1);
    expect(scores[4]).toBe(1);
    expect(scores[6]).toBe(1);
    expect(results[0]?.body?.result?.error?.kind).toBe("timeout");
    expect(results[7]?.body?.gradable).toBe(false);
  }, 150_000);
});
