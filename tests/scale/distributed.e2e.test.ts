import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDeploy, seed } from "../../scripts/lib/project";
import { HttpSession, postSubmission, signInHttp, submissionStatusSchema } from "../load/http-client";
import { mulLayerCodes, runLoad, signInClass, type Student } from "../load/run-load";
import { startPostgresServer, type PostgresServer } from "../setup/postgres-server";
import { startGraderWorker, startTopology, type GraderWorkerProcess, type Topology } from "./topology";

// The distributed topology on this machine, as docs/deploy.md describes it: Redis (append-only
// file), two web servers on two ports, two grader workers as separate processes, one PostgreSQL
// database (a server of its own, tests/setup/postgres-server.ts) that web servers and workers write.
// Students submit through both web servers; mid-run a worker is SIGKILLed with jobs in hand and
// Redis is restarted. Every submission must end graded exactly once, none lost.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chainrule-distributed-"));
let postgres: PostgresServer | undefined;
let databaseUrl = "";
let topology: Topology;
let exerciseId = "";
let accounts: Student[] = [];
const codes = mulLayerCodes();

/** The process ids of a process group's members and their descendants (the worker's grader children). */
function descendants(pid: number): number[] {
  const out = execFileSync("ps", ["-e", "-o", "pid=,ppid="], { encoding: "utf8" });
  const children = new Map<number, number[]>();
  for (const line of out.trim().split("\n")) {
    const [p, pp] = line.trim().split(/\s+/).map(Number);
    if (p === undefined || pp === undefined) continue;
    children.set(pp, [...(children.get(pp) ?? []), p]);
  }
  const all: number[] = [];
  const visit = (p: number) => {
    for (const c of children.get(p) ?? []) {
      all.push(c);
      visit(c);
    }
  };
  visit(pid);
  return all;
}

const environOf = (pid: number): Map<string, string> => {
  try {
    const raw = fs.readFileSync(`/proc/${pid}/environ`, "utf8");
    return new Map(raw.split("\0").filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]));
  } catch {
    return new Map();
  }
};
const cmdlineOf = (pid: number): string => {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
  }
};

/** Waits until `worker` holds submission jobs (their locks carry its lock id); answers how many. */
async function jobsHeldBy(worker: GraderWorkerProcess, timeoutMs: number): Promise<number> {
  const lockId = /lock id (\S+)\)/.exec(worker.output.join("\n"))?.[1];
  if (!lockId) throw new Error(`no lock id in the worker's log:\n${worker.output.join("\n")}`);
  const redis = new Redis(topology.redis.url);
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const locks = await redis.keys("chainrule:submissions:*:lock");
      const owners = locks.length === 0 ? [] : await redis.mget(locks);
      const held = owners.filter((o) => o?.startsWith(`${lockId}:`)).length;
      if (held > 0 || Date.now() > deadline) return held;
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    redis.disconnect();
  }
}

beforeAll(async () => {
  postgres = await startPostgresServer();
  // `migrate deploy` creates the database, then applies prisma/postgresql/migrations.
  databaseUrl = postgres.url("chainrule_distributed");
  process.env.DATABASE_URL = databaseUrl;
  await migrateDeploy();
  await seed();
  const { db } = await import("@/lib/data/db");
  const { createClass } = await import("../load/run-load");
  accounts = await createClass(24, "backprop");
  exerciseId = (await db().exercise.findUniqueOrThrow({ where: { slug: "mul-layer" }, select: { id: true } })).id;
  // A short lock: a killed worker's jobs are taken over within seconds (deployments keep 20 s).
  topology = await startTopology({ web: 2, workers: 2, databaseUrl, redisDataDir: dir, workerEnv: { CHAINRULE_WORKER_LOCK_MS: "3000" } });
}, 180_000);

afterAll(async () => {
  await topology?.stop();
  const { disconnectDb } = await import("@/lib/data/db");
  await disconnectDb();
  await postgres?.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("distributed topology: PostgreSQL, Redis, two web servers, two grader workers", () => {
  it("the processes that run untrusted code hold no database, queue or session credentials", async () => {
    const { databaseEngine } = await import("@/lib/data/db");
    expect(databaseEngine()).toBe("postgresql");
    for (const worker of topology.workers) {
      // The worker itself needs both to take jobs and record results...
      const own = environOf(descendants(worker.pid).find((p) => /grader-worker/.test(cmdlineOf(p)) && environOf(p).has("REDIS_URL")) ?? worker.pid);
      expect(own.get("REDIS_URL")).toBe(topology.redis.url);
      expect(own.get("DATABASE_URL")).toBe(databaseUrl);
      // ...its grader processes (where packages and submissions run) get neither, nor any secret.
      const graders = descendants(worker.pid).filter((p) => /grader\.cjs/.test(cmdlineOf(p)));
      expect(graders.length).toBeGreaterThan(0);
      for (const p of graders) {
        const env = environOf(p);
        expect(env.size).toBeGreaterThan(0);
        for (const secret of ["REDIS_URL", "DATABASE_URL", "NEXTAUTH_SECRET"]) expect(env.has(secret), `${secret} in grader ${p}`).toBe(false);
      }
    }
  });

  it("a student waiting on web server B learns the result the moment a worker records a job sent through A", async () => {
    const [a, b] = topology.webURLs as [string, string];
    const student = accounts[0] as Student;
    const onA = new HttpSession(a);
    const onB = new HttpSession(b);
    expect((await signInHttp(onA, student.email, student.password)).ok).toBe(true);
    expect((await signInHttp(onB, student.email, student.password)).ok).toBe(true);
    // An infinite loop takes its 2 s CPU limit: B is surely waiting when it finishes.
    const posted = await postSubmission(onA, { exerciseId, code: codes.loop });
    expect(posted.status).toBe(202);
    const res = await onB.request(`/api/submissions/${posted.id ?? ""}?wait=20000`);
    const answeredAt = Date.now();
    const body = submissionStatusSchema.extend({ finishedAt: submissionStatusSchema.shape.error }).parse(await res.json());
    expect(res.status).toBe(200);
    expect(body.result?.error?.kind).toBe("timeout");
    // Woken by the queue's completion event, not by the 1 s re-check.
    expect(answeredAt - new Date(body.finishedAt ?? 0).getTime()).toBeLessThan(600);
  }, 60_000);

  it("a worker SIGKILLed with jobs in hand and Redis restarted mid-run: every submission graded once, none lost", async () => {
    const [a, b] = topology.webURLs as [string, string];
    const half = Math.ceil(accounts.length / 2);
    const sessions = [...(await signInClass(a, accounts.slice(0, half))), ...(await signInClass(b, accounts.slice(half)))];
    const options = { baseURL: a, students: accounts, exerciseId, rounds: 1, loopsPerRound: 4, codes };
    const reports = [];
    reports.push(await runLoad(options, sessions));

    // Round 2: once it holds jobs, the first worker dies without a word.
    const victim = topology.workers[0];
    if (!victim) throw new Error("no worker");
    const round2 = runLoad(options, sessions);
    expect(await jobsHeldBy(victim, 15_000)).toBeGreaterThan(0);
    await victim.kill("SIGKILL");
    reports.push(await round2);
    const replacement = await topology.startWorker();

    // Round 3: Redis goes away for a second and comes back from its append-only file.
    const round3 = runLoad(options, sessions);
    await new Promise((r) => setTimeout(r, 200));
    await topology.redis.restart({ downMs: 1_000 });
    reports.push(await round3);

    const { db } = await import("@/lib/data/db");
    const ids = reports.flatMap((r) => r.ids);
    expect(ids.length).toBe(3 * accounts.length);
    expect(reports.flatMap((r) => r.wrongOutcomes)).toEqual([]);
    expect(reports.map((r) => r.lost)).toEqual([0, 0, 0]);
    const rows = await db().submission.findMany({ where: { id: { in: ids } }, select: { status: true, userId: true, gradable: true, mode: true } });
    expect(rows.filter((r) => r.status !== "graded")).toEqual([]);
    // Exactly once: each student's attempts are their graded, gradable Submits, however often a
    // job was delivered (the killed worker's jobs were graded again elsewhere).
    const users = await db().user.findMany({ where: { email: { in: accounts.map((s) => s.email) } }, select: { id: true } });
    const everyRow = await db().submission.findMany({ where: { exerciseId }, select: { userId: true, gradable: true, mode: true } });
    for (const { id } of users) {
      const counted = everyRow.filter((r) => r.userId === id && r.gradable === true && r.mode === "hidden").length;
      const progress = await db().progress.findUnique({ where: { userId_exerciseId: { userId: id, exerciseId } }, select: { attempts: true } });
      expect(progress?.attempts ?? 0).toBe(counted);
    }
    // The takeover really happened: the surviving workers report the killed worker's stalled jobs.
    const survivors = [topology.workers[1], replacement].flatMap((w) => w?.output ?? []);
    expect(survivors.some((line) => /stalled/.test(line)), survivors.join("\n")).toBe(true);
  }, 240_000);

  it("PostgreSQL restarted while the workers grade a round: every result is recorded once it is back, once, none lost", async () => {
    const server = postgres;
    if (!server) throw new Error("no PostgreSQL server");
    const [a, b] = topology.webURLs as [string, string];
    const half = Math.ceil(accounts.length / 2);
    const sessions = [...(await signInClass(a, accounts.slice(0, half))), ...(await signInClass(b, accounts.slice(half)))];
    const { db } = await import("@/lib/data/db");
    const stored = () => db().submission.count({ where: { exerciseId } });
    const before = await stored();
    // Endless loops take their 2 s CPU limit each: some are surely being graded when the database goes.
    const round = runLoad({ baseURL: a, students: accounts, exerciseId, rounds: 1, loopsPerRound: 8, codes }, sessions);
    const deadline = Date.now() + 30_000;
    while ((await stored()) < before + accounts.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await server.stop();
    await new Promise((r) => setTimeout(r, 2_000));
    await server.start();
    const report = await round;

    // No process died of the dropped connections (a checked-out one had no error listener).
    for (const worker of topology.workers) expect(worker.output.join("\n")).not.toMatch(/Unhandled 'error' event/);
    expect(report.wrongOutcomes).toEqual([]);
    expect(report.lost).toBe(0);
    const rows = await db().submission.findMany({ where: { id: { in: report.ids } }, select: { status: true } });
    expect(rows.length).toBe(accounts.length);
    expect(rows.filter((r) => r.status !== "graded")).toEqual([]);
    // Once: each student's attempts are still their graded, gradable Submits.
    const users = await db().user.findMany({ where: { email: { in: accounts.map((s) => s.email) } }, select: { id: true } });
    const everyRow = await db().submission.findMany({ where: { exerciseId }, select: { userId: true, gradable: true, mode: true } });
    for (const { id } of users) {
      const counted = everyRow.filter((r) => r.userId === id && r.gradable === true && r.mode === "hidden").length;
      const progress = await db().progress.findUnique({ where: { userId_exerciseId: { userId: id, exerciseId } }, select: { attempts: true } });
      expect(progress?.attempts ?? 0).toBe(counted);
    }
    // The outage really met a worker recording a grade: the job failed and was retried.
    const logs = topology.workers.flatMap((w) => w.output);
    expect(logs.some((line) => /failed \(attempt/.test(line)), logs.slice(-40).join("\n")).toBe(true);
  }, 180_000);

  it("with every grader worker stopped, a Korean student opening a quiz reads why in Korean and spends nothing", async () => {
    for (const worker of topology.workers) await worker.kill("SIGKILL");
    const { db } = await import("@/lib/data/db");
    const student = accounts[accounts.length - 1] as Student;
    await db().user.update({ where: { email: student.email }, data: { locale: "ko" } });
    const session = new HttpSession(topology.webURLs[0] as string);
    expect((await signInHttp(session, student.email, student.password)).ok).toBe(true);
    // The variant is a grader call nobody takes: the page answers once the call's limit (30 s) is up.
    const res = await session.request("/courses/backprop/predict-dapple");
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toMatch(/<html lang="ko"/);
    expect(html).toContain("제시간에 응답한 채점기가 없습니다(채점기가 바쁘거나 멈췄습니다). 시도 횟수는 차감되지 않았습니다.");
    expect(html).not.toMatch(/No grader answered|could not be presented/);
    const quiz = await db().exercise.findUniqueOrThrow({ where: { slug: "predict-dapple" }, select: { id: true } });
    const user = await db().user.findUniqueOrThrow({ where: { email: student.email }, select: { id: true } });
    expect(await db().progress.findUnique({ where: { userId_exerciseId: { userId: user.id, exerciseId: quiz.id } } })).toBeNull();
  }, 90_000);

  it("a grader worker refuses to start without a usable REDIS_URL, naming the variable", async () => {
    await expect(startGraderWorker({ REDIS_URL: "http://localhost:6379", DATABASE_URL: databaseUrl })).rejects.toThrow(/REDIS_URL: must be the redis:\/\/ URL/);
  });
});
