import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "@/lib/data/access";
import { db, walCheckpointStats, writeCommitStats, writeTransaction } from "@/lib/data/db";
import { seedDemo } from "@/lib/data/demo-seed";
import { joinCourseByCode } from "@/lib/data/enrollment";
import { getCourseOutline } from "@/lib/data/progress";
import { getOwnSubmissionStatus, readPendingSubmissionJob, startCodeSubmission } from "@/lib/data/submissions";
import { gradeStored } from "@/lib/submissions/embedded";
import { BACKSTOP_PAGES, IDLE_MS } from "@/lib/data/idle-checkpoint";
import { createUser } from "@/lib/data/users";
import { databaseFileFromUrl } from "@/lib/env";
import { loadPackage } from "@/lib/exercises/loader";
import type { GradeResult } from "@/lib/grading/contract";

// The submission path writes with plain SQL (decision 046); everything else reads those rows
// through Prisma. These rows must read back exactly as if Prisma had written them.

let alice: Viewer;
let exerciseId = "";

const graded = (score: number): GradeResult => ({
  score,
  gradable: true,
  tests: [{ name: "case 1", points: score, maxPoints: 1, passed: score === 1, message: score === 1 ? "passed" : "dx is wrong" }],
  diagnosis: null,
  stdout: "héllo ✓\n",
  timings: { transpileMs: 0.5, runMs: 1.25, totalMs: 2.6 },
});

beforeAll(async () => {
  await seedDemo([await loadPackage("exercises/mul-layer")]);
  const created = await createUser({ email: "hot@example.com", password: "long enough password", name: undefined });
  if (!created.ok) throw new Error("could not create user");
  alice = { id: created.user.id, email: "hot@example.com", name: null, role: "student" };
  await joinCourseByCode(alice, "BACKPROP");
  exerciseId = (await db().exercise.findUniqueOrThrow({ where: { slug: "mul-layer" }, select: { id: true } })).id;
});

describe("rows written on the submission path", () => {
  it("read back through Prisma with the same types and values", async () => {
    const before = Date.now();
    const started = await startCodeSubmission(alice, { exerciseId, code: "export class MulLayer {} // ✓ ünïcode", mode: "hidden" });
    if (!started.ok) throw new Error(started.message);
    expect(started.job.submissionId).toMatch(/^c[0-9a-z]{24}$/);
    const stored = await db().submission.findUniqueOrThrow({ where: { id: started.job.submissionId } });
    expect(stored).toMatchObject({ status: "running", mode: "hidden", code: "export class MulLayer {} // ✓ ünïcode", seed: started.job.seed, gradable: null, result: null });
    expect(stored.startedAt?.getTime()).toBe(stored.createdAt.getTime());
    expect(stored.createdAt).toBeInstanceOf(Date);
    expect(stored.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1);
    expect(stored.createdAt.getTime()).toBeLessThanOrEqual(Date.now());

    await gradeStored(started.job, { grade: () => Promise.resolve(graded(1)) });
    const row = await db().submission.findUniqueOrThrow({ where: { id: started.job.submissionId } });
    expect(row).toMatchObject({ status: "graded", gradable: true, score: 1, error: null, durationMs: 3 });
    expect(row.result).toEqual(graded(1));
    expect(row.startedAt).toBeInstanceOf(Date);
    expect(row.finishedAt?.getTime()).toBeGreaterThanOrEqual(row.startedAt?.getTime() ?? Infinity);

    const progress = await db().progress.findUniqueOrThrow({ where: { userId_exerciseId: { userId: alice.id, exerciseId } } });
    expect(progress).toMatchObject({ attempts: 1, bestScore: 1 });
    expect(progress.id).toMatch(/^c[0-9a-z]{24}$/);
    expect(progress.completedAt).toBeInstanceOf(Date);
    const outline = await getCourseOutline(alice, "backprop");
    expect(outline?.items.find((i) => i.exerciseId === exerciseId)).toMatchObject({ status: "solved", bestScore: 1, attempts: 1 });
    expect(await getOwnSubmissionStatus(alice, started.job.submissionId)).toMatchObject({ status: "graded", score: 1, gradable: true });
  });

  it("keeps the first solve date and the best score over later, worse attempts", async () => {
    const first = await db().progress.findUniqueOrThrow({ where: { userId_exerciseId: { userId: alice.id, exerciseId } } });
    const started = await startCodeSubmission(alice, { exerciseId, code: "export class MulLayer {}", mode: "hidden" });
    if (!started.ok) throw new Error(started.message);
    await gradeStored(started.job, { grade: () => Promise.resolve(graded(0.25)) });
    const after = await db().progress.findUniqueOrThrow({ where: { userId_exerciseId: { userId: alice.id, exerciseId } } });
    expect(after).toMatchObject({ attempts: 2, bestScore: 1, id: first.id });
    expect(after.completedAt?.toISOString()).toBe(first.completedAt?.toISOString());
    expect(after.updatedAt.getTime()).toBeGreaterThanOrEqual(first.updatedAt.getTime());
  });

  it("grades a row once: a second grading of the same row changes nothing", async () => {
    const started = await startCodeSubmission(alice, { exerciseId, code: "export class MulLayer {}", mode: "hidden" });
    if (!started.ok) throw new Error(started.message);
    await gradeStored(started.job, { grade: () => Promise.resolve(graded(0)) });
    await gradeStored(started.job, { grade: () => Promise.resolve(graded(1)) });
    expect(await readPendingSubmissionJob(started.job.submissionId)).toBeNull();
    const row = await db().submission.findUniqueOrThrow({ where: { id: started.job.submissionId } });
    expect(row.score).toBe(0);
    const progress = await db().progress.findUniqueOrThrow({ where: { userId_exerciseId: { userId: alice.id, exerciseId } } });
    expect(progress.attempts).toBe(3);
  });

  it("waits out a write lock held by another connection instead of failing the grade", async () => {
    const started = await startCodeSubmission(alice, { exerciseId, code: "export class MulLayer {}", mode: "hidden" });
    if (!started.ok) throw new Error(started.message);
    const other = new Database(databaseFileFromUrl(process.env.DATABASE_URL ?? ""));
    other.exec("BEGIN IMMEDIATE");
    const release = setTimeout(() => {
      other.exec("COMMIT");
      other.close();
    }, 1_500);
    try {
      const t0 = performance.now();
      await gradeStored(started.job, { grade: () => Promise.resolve(graded(1)) });
      expect(performance.now() - t0).toBeGreaterThan(1_000);
    } finally {
      clearTimeout(release);
      if (other.open) {
        other.exec("COMMIT");
        other.close();
      }
    }
    expect((await db().submission.findUniqueOrThrow({ where: { id: started.job.submissionId } })).status).toBe("graded");
  }, 30_000);
});

describe("writes issued together", () => {
  it("share one commit, and a write that throws is rolled back alone", async () => {
    const before = { ...writeCommitStats };
    const emailBefore = (await db().user.findUniqueOrThrow({ where: { id: alice.id } })).email;
    const setName = (name: string) => writeTransaction((sql) => sql.run('UPDATE "User" SET "name" = ? WHERE "id" = ?', name, alice.id).changes);
    const failing = writeTransaction((sql) => {
      sql.run('UPDATE "User" SET "email" = ? WHERE "id" = ?', "never-stored@example.com", alice.id);
      throw new Error("refused by its own check");
    });
    const outcomes = await Promise.allSettled([setName("first"), failing, setName("last")]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(outcomes[0]).toEqual({ status: "fulfilled", value: 1 });
    expect(outcomes[1]?.status === "rejected" && String(outcomes[1].reason)).toContain("refused by its own check");
    expect(writeCommitStats.commits - before.commits).toBe(1);
    expect(writeCommitStats.writes - before.writes).toBe(3);
    // The failed write's update is gone; the ones around it are stored, in order.
    const after = await db().user.findUniqueOrThrow({ where: { id: alice.id } });
    expect(after.email).toBe(emailBefore);
    expect(after.name).toBe("last");
    // A write issued after the first has committed gets a commit of its own.
    await setName("again");
    expect(writeCommitStats.commits - before.commits).toBe(2);
  });

  it("gives each caller of a burst its own work's result, from one commit", async () => {
    const before = writeCommitStats.commits;
    const ids = await Promise.all(
      Array.from({ length: 50 }, (_, i) => writeTransaction((sql) => sql.get<{ n: number }>("SELECT ? AS n", i)?.n)),
    );
    expect(ids).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(writeCommitStats.commits - before).toBe(1);
  });
});

describe("WAL checkpoints", () => {
  it("wait for a pause in writes instead of running inside the submission path's commits", async () => {
    const runsBefore = walCheckpointStats()?.runs ?? 0;
    // 1,500 commits without a pause: past SQLite's default threshold of 1,000 WAL pages, below
    // the backstop. None of them checkpoints.
    for (let i = 0; i < 1_500; i++) {
      await writeTransaction((sql) => sql.run('UPDATE "User" SET "name" = ? WHERE "id" = ?', `Alice ${i}`, alice.id));
    }
    expect(walCheckpointStats()?.autoCheckpointPages).toBe(BACKSTOP_PAGES);
    expect(BACKSTOP_PAGES).toBeGreaterThan(1_500);
    expect(walCheckpointStats()?.runs).toBe(runsBefore);
    // Once writes pause, one checkpoint copies the whole WAL into the database file.
    const deadline = Date.now() + IDLE_MS + 5_000;
    while ((walCheckpointStats()?.runs ?? 0) === runsBefore && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    const stats = walCheckpointStats();
    expect(stats?.lastError ?? null).toBeNull();
    expect(stats?.runs).toBe(runsBefore + 1);
    expect(stats?.last?.walFrames).toBeGreaterThanOrEqual(1_500);
    expect(stats?.last?.checkpointed).toBe(stats?.last?.walFrames);
    expect((await db().user.findUniqueOrThrow({ where: { id: alice.id } })).name).toBe("Alice 1499");
  }, 30_000);
});
