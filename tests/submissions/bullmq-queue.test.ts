import { readFileSync } from "node:fs";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Viewer } from "@/lib/data/access";
import { db } from "@/lib/data/db";
import { seedDemo } from "@/lib/data/demo-seed";
import { joinCourseByCode } from "@/lib/data/enrollment";
import { versionSource } from "@/lib/data/packages";
import { getStudentItem } from "@/lib/data/student-items";
import { getOwnSubmissionStatus, startCodeSubmission, type SubmissionJob } from "@/lib/data/submissions";
import { createUser } from "@/lib/data/users";
import { loadPackage } from "@/lib/exercises/loader";
import { createGraderClient, hashOf, type GraderClient, type GradeJob } from "@/lib/grading/client";
import { packageKey } from "@/lib/submissions/bullmq/config";
import { startGraderWorker, type RunningWorker } from "@/lib/submissions/bullmq/consumer";
import { createBullmqQueue } from "@/lib/submissions/bullmq/producer";
import type { SubmissionQueue } from "@/lib/submissions/queue";
import { waitForOwnSubmission } from "@/lib/submissions/waiters";
import { startRedisServer, type RedisServer } from "../setup/redis-server";

// The BullMQ queue against a real redis-server, a real grader worker (in this process, with real
// grader children) and this file's own database (SQLite, or PostgreSQL in the postgres project):
// what web servers and workers do with REDIS_URL set. The distributed end-to-end test
// (tests/scale) runs them as separate processes.

let redis: RedisServer;
let queue: SubmissionQueue;
let real: GraderClient;
let mulLayer = "";
let quiz = "";
const students: Viewer[] = [];
const solution = readFileSync("exercises/mul-layer/solution.ts", "utf8");
const wrong = readFileSync("exercises/mul-layer/samples/swapped.ts", "utf8");

async function student(n: number): Promise<Viewer> {
  const email = `q${n}@example.com`;
  const created = await createUser({ email, password: "long enough password", name: undefined });
  if (!created.ok) throw new Error("could not create user");
  const viewer: Viewer = { id: created.user.id, email, name: null, role: "student" };
  await joinCourseByCode(viewer, "BACKPROP");
  return viewer;
}

async function store(viewer: Viewer, code: string, mode: "public" | "hidden" = "hidden"): Promise<SubmissionJob> {
  const started = await startCodeSubmission(viewer, { exerciseId: mulLayer, code, mode }, "queued");
  if (!started.ok) throw new Error(started.message);
  return started.job;
}

/** A worker whose grader also notes the order in which it was asked to grade (owner, mode). */
async function worker(options: { concurrency?: number; sweepMs?: number; order?: string[] } = {}): Promise<RunningWorker> {
  const { order } = options;
  const grader: GraderClient = order
    ? { ...real, grade: (job: GradeJob) => (order.push(`${job.owner ?? "?"}:${"mode" in job ? (job.mode ?? "") : "quiz"}`), real.grade(job)) }
    : real;
  return startGraderWorker({ redisUrl: redis.url, grader, concurrency: options.concurrency ?? 8, lockMs: 5_000, sweepMs: options.sweepMs ?? 60_000, log: () => undefined });
}

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (done(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  redis = await startRedisServer();
  await seedDemo(await Promise.all(["mul-layer", "predict-dapple"].map((s) => loadPackage(`exercises/${s}`))));
  mulLayer = (await db().exercise.findUniqueOrThrow({ where: { slug: "mul-layer" }, select: { id: true } })).id;
  quiz = (await db().exercise.findUniqueOrThrow({ where: { slug: "predict-dapple" }, select: { id: true } })).id;
  for (let i = 0; i < 5; i++) students.push(await student(i));
  real = createGraderClient({ onLog: () => undefined });
  await real.ready();
  queue = createBullmqQueue(redis.url);
  await queue.start();
});

afterAll(async () => {
  await queue.close();
  await real.close();
  await redis.stop();
});

describe("BullMQ queue (REDIS_URL)", () => {
  it("a stored row is graded by a worker and recorded; the waiting request is woken", async () => {
    const w = await worker();
    try {
      const alice = students[0] as Viewer;
      const job = await store(alice, solution);
      expect((await getOwnSubmissionStatus(alice, job.submissionId))?.status).toBe("queued");
      await queue.enqueue(job);
      const dto = await waitForOwnSubmission(alice, job.submissionId, 15_000);
      expect(dto).toMatchObject({ status: "graded", score: 1, gradable: true });
      const progress = await db().progress.findUniqueOrThrow({ where: { userId_exerciseId: { userId: alice.id, exerciseId: mulLayer } } });
      expect(progress.attempts).toBe(1);
    } finally {
      await w.close();
    }
  });

  it("the same row queued twice (a sweep racing its request) is graded and counted once", async () => {
    const bob = students[1] as Viewer;
    const job = await store(bob, wrong);
    await queue.enqueue(job);
    await queue.enqueue(job);
    const w = await worker();
    try {
      expect(await waitForOwnSubmission(bob, job.submissionId, 15_000)).toMatchObject({ status: "graded", gradable: true });
      await queue.enqueue(job); // after it finished: the row is no longer pending, nothing changes
      await new Promise((r) => setTimeout(r, 500));
      const progress = await db().progress.findUniqueOrThrow({ where: { userId_exerciseId: { userId: bob.id, exerciseId: mulLayer } } });
      expect(progress.attempts).toBe(1);
    } finally {
      await w.close();
    }
  });

  it("one student's flood waits behind the class; Submit goes before Run tests", async () => {
    const [flooder, calm, runner] = [students[2], students[3], students[4]] as [Viewer, Viewer, Viewer];
    // Queued while no worker runs, as at the start of an exam. (None of them sent anything before:
    // what a student sent in the last minute counts against their priority.)
    for (let i = 0; i < 12; i++) await queue.enqueue(await store(flooder, solution));
    await queue.enqueue(await store(runner, solution, "public"));
    const calmJob = await store(calm, solution);
    await queue.enqueue(calmJob);
    const order: string[] = [];
    const w = await worker({ concurrency: 1, order });
    try {
      await until(() => Promise.resolve(order.length), (n) => n >= 14);
      expect(order).toHaveLength(14);
      // The flood's first Submit counts like anyone's; the calm student's Submit and the run come
      // before the rest of the flood.
      expect(order.slice(0, 3)).toEqual([`${flooder.id}:hidden`, `${calm.id}:hidden`, `${runner.id}:public`]);
      expect(order.slice(3).every((o) => o === `${flooder.id}:hidden`)).toBe(true);
      expect(await waitForOwnSubmission(calm, calmJob.submissionId, 10_000)).toMatchObject({ status: "graded" });
    } finally {
      await w.close();
    }
  });

  it("rows the queue never got (Redis was down) are found by a worker's sweep and graded", async () => {
    const alice = students[0] as Viewer;
    const job = await store(alice, solution);
    // Stored long enough ago that its own request has given up handing it over.
    await db().submission.update({ where: { id: job.submissionId }, data: { createdAt: new Date(Date.now() - 60_000) } });
    const w = await worker({ sweepMs: 200 });
    try {
      expect(await waitForOwnSubmission(alice, job.submissionId, 15_000)).toMatchObject({ status: "graded", score: 1 });
    } finally {
      await w.close();
    }
  });

  it("grader calls (quiz variants, quiz answers, regrades) go to the workers and answer as the local grader does", async () => {
    const w = await worker();
    try {
      const version = await db().exercise.findUniqueOrThrow({ where: { id: quiz }, select: { slug: true, source: true, currentVersion: { select: { id: true } } } });
      const pkg = await versionSource({ id: version.currentVersion?.id ?? "" }, version);
      const remote = await queue.grader.present(pkg, 42);
      expect(remote).toEqual(await real.present(pkg, 42));
      // Redis lost the package (restarted without persistence): the web server puts it back.
      const client = new Redis(redis.url);
      await client.del(packageKey(hashOf(pkg.files)));
      client.disconnect();
      const answer = { kind: "numeric", values: { dApple: 1 } };
      const { timings: _t1, ...remoteAnswer } = await queue.grader.grade({ pkg, answer, seed: 42, owner: "someone" });
      const { timings: _t2, ...localAnswer } = await real.grade({ pkg, answer, seed: 42 });
      expect(remoteAnswer).toEqual(localAnswer);
      const code = await versionSource({ id: (await db().exercise.findUniqueOrThrow({ where: { id: mulLayer }, select: { currentVersionId: true } })).currentVersionId ?? "" }, { slug: "mul-layer", source: "package" });
      const remoteGrade = await queue.grader.grade({ pkg: code, code: solution, seed: 7, mode: "hidden" });
      expect(remoteGrade).toMatchObject({ score: 1, gradable: true });
      expect(await queue.grader.inspect(code, { fn: "describe" })).toEqual(await real.inspect(code, { fn: "describe" }));
    } finally {
      await w.close();
    }
  });

  it("with Redis down, nothing hangs: the row stays stored, grader calls say the graders are unreachable", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const down = createBullmqQueue("redis://127.0.0.1:1");
    try {
      const alice = students[0] as Viewer;
      const job = await store(alice, solution);
      const t0 = Date.now();
      await down.enqueue(job);
      expect(Date.now() - t0).toBeLessThan(3_000);
      expect((await getOwnSubmissionStatus(alice, job.submissionId))?.status).toBe("queued");
      const pkg = await versionSource({ id: job.exerciseVersionId }, job);
      const result = await down.grader.grade({ pkg, code: solution, seed: 1, mode: "hidden", owner: alice.id });
      expect(result).toMatchObject({ gradable: false, error: { kind: "sandbox", message: expect.stringMatching(/cannot be reached/) as unknown } });
      // A quiz's variant and a package inspection fail with the same key, which reads in Korean.
      const unreachable = { ok: false, text: { key: "grader.unreachable" }, message: expect.stringMatching(/cannot be reached/) as unknown };
      const quizRow = await db().exercise.findUniqueOrThrow({ where: { id: quiz }, select: { slug: true, source: true, currentVersionId: true } });
      const quizPkg = await versionSource({ id: quizRow.currentVersionId ?? "" }, quizRow);
      expect(await down.grader.present(quizPkg, 1, "ko")).toMatchObject(unreachable);
      expect(await down.grader.inspect(quizPkg, { fn: "describe" })).toMatchObject(unreachable);
      // The student's page says so in their language, and nothing is spent.
      const korean: Viewer = { ...alice, locale: "ko" };
      const item = await getStudentItem(korean, "backprop", "predict-dapple", down.grader);
      expect(item).toMatchObject({ kind: "unavailable", reason: "지금은 채점기에 연결할 수 없습니다. 시도 횟수는 차감되지 않았습니다. 잠시 후 다시 시도하세요.", attempts: 0 });
      expect(await getStudentItem(alice, "backprop", "predict-dapple", down.grader)).toMatchObject({ kind: "unavailable", reason: expect.stringMatching(/^The graders cannot be reached right now/) as unknown });
      expect(await down.health()).toEqual({ queue: "bullmq", redis: false, workers: null });
      expect(warn.mock.calls.flat().join("\n")).toMatch(/stored and will be graded when the queue is back/);
    } finally {
      await down.close();
      warn.mockRestore();
    }
  });
});
