import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/data/db";
import { seedDemo } from "@/lib/data/demo-seed";
import { listPendingSubmissionIds } from "@/lib/data/submissions";
import { gradePendingSubmission, requeuePendingSubmissions } from "@/lib/submissions/embedded";
import { loadPackage } from "@/lib/exercises";
import { createGraderClient, type GraderClient } from "@/lib/grading";

// The grader child is killed (SIGKILL) in the middle of a batch of stored submissions: every row
// still ends graded (re-run on a fresh child) or marked error with a message; none stays queued or
// running, none disappears. Then rows left pending by a "dead server" are re-queued and graded.

const read = (rel: string) => readFileSync(`exercises/mul-layer/${rel}`, "utf8");
let grader: GraderClient;
let exerciseId = "";
let versionId = "";
let userId = "";

beforeAll(async () => {
  const pkg = await loadPackage("exercises/mul-layer");
  const report = await seedDemo([pkg]);
  userId = report.studentId;
  const ex = await db().exercise.findUniqueOrThrow({ where: { slug: "mul-layer" }, select: { id: true, currentVersionId: true } });
  exerciseId = ex.id;
  versionId = ex.currentVersionId ?? "";
  grader = createGraderClient({ poolSize: 2, onLog: () => undefined });
  await grader.ready();
});

afterAll(async () => {
  await grader.close();
});

async function insertRows(codes: string[], status: "queued" | "running" = "queued"): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, code] of codes.entries()) {
    const row = await db().submission.create({
      data: { userId, exerciseId, exerciseVersionId: versionId, code, seed: i + 1, mode: "hidden", status },
      select: { id: true },
    });
    ids.push(row.id);
  }
  return ids;
}

const MIX = [read("solution.ts"), read("samples/swapped.ts"), read("samples/syntax-error.ts"), read("samples/missing-export.ts")];

describe("grader killed mid-batch", () => {
  it("every submission ends graded or error-with-message; none pending, none lost", async () => {
    const codes = Array.from({ length: 40 }, (_, i) => MIX[i % MIX.length] ?? "");
    // Two infinite loops keep the batch in flight long enough to kill the child under it.
    codes.splice(5, 0, read("samples/infinite-loop.ts"));
    codes.splice(20, 0, read("samples/infinite-loop.ts"));
    const ids = await insertRows(codes);
    const batch = Promise.all(ids.map((id) => gradePendingSubmission(id, grader)));

    // Kill as soon as the first rows are done but others are still in flight.
    const deadline = Date.now() + 20_000;
    while ((await db().submission.count({ where: { id: { in: ids }, status: "graded" } })) < 3) {
      if (Date.now() > deadline) throw new Error("batch never started");
      await new Promise((r) => setTimeout(r, 5));
    }
    const before = grader.status();
    expect(before.inFlight + before.queued).toBeGreaterThan(0);
    const pid = before.pid;
    expect(pid).not.toBeNull();
    process.kill(pid ?? 0, "SIGKILL");
    await batch;

    expect(grader.status().restarts).toBeGreaterThanOrEqual(1);
    expect(grader.status().pid).not.toBe(pid);
    const rows = await db().submission.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, error: true, result: true, score: true } });
    expect(rows).toHaveLength(ids.length); // none disappeared
    for (const row of rows) {
      expect(["graded", "error"]).toContain(row.status);
      if (row.status === "error") expect(row.error ?? "").not.toBe("");
      if (row.status === "graded") expect(row.result).not.toBeNull();
    }
    // The correct solutions among them really were graded (re-run), not just failed.
    const correct = rows.filter((_, i) => codes[i] === MIX[0]);
    expect(correct.every((r) => r.status === "graded" && r.score === 1)).toBe(true);
    expect(await listPendingSubmissionIds()).toEqual([]);
  });

  it("a submission that kills the grader every time ends as an error with a message, not in a crash loop", async () => {
    const [id] = await insertRows([read("solution.ts")]);
    const killer = createGraderClient({ poolSize: 1, maxCrashesPerJob: 2, onLog: () => undefined });
    await killer.ready();
    // Kill whichever child holds the job, every time it is in flight.
    const stop = setInterval(() => {
      const s = killer.status();
      if (s.inFlight > 0 && s.pid !== null) process.kill(s.pid, "SIGKILL");
    }, 1);
    try {
      await gradePendingSubmission(id ?? "", killer);
    } finally {
      clearInterval(stop);
      await killer.close();
    }
    const row = await db().submission.findUniqueOrThrow({ where: { id: id ?? "" } });
    expect(row.status).toBe("graded");
    expect(row.gradable).toBe(false);
    expect(row.error).toMatch(/crashed the grader/);
    // A sandbox fault costs no attempt.
    const progress = await db().progress.findUnique({ where: { userId_exerciseId: { userId, exerciseId } } });
    expect(progress?.attempts ?? 0).toBe((await db().submission.count({ where: { userId, exerciseId, gradable: true, mode: "hidden" } })));
  });

  it("a grade function that throws leaves an error row with a message", async () => {
    const [id] = await insertRows([read("solution.ts")]);
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      await gradePendingSubmission(id ?? "", { grade: () => Promise.reject(new Error("grader unreachable")) });
    } finally {
      console.warn = warn;
    }
    const row = await db().submission.findUniqueOrThrow({ where: { id: id ?? "" } });
    expect(row.status).toBe("error");
    expect(row.error).toMatch(/does not count as an attempt; submit again/);
  });
});

describe("restart: rows left pending are re-queued", () => {
  it("queued and running rows from a dead server are graded; graded ones are not touched", async () => {
    const pending = [...(await insertRows([read("solution.ts"), read("samples/swapped.ts")], "queued")), ...(await insertRows([read("solution.ts")], "running"))];
    const [done] = await insertRows([read("solution.ts")]);
    await db().submission.update({ where: { id: done ?? "" }, data: { status: "graded", score: 0.5, gradable: true } });
    const attemptsBefore = (await db().progress.findUnique({ where: { userId_exerciseId: { userId, exerciseId } } }))?.attempts ?? 0;

    const { requeued, done: finished } = await requeuePendingSubmissions(grader);
    expect(requeued).toBe(3);
    await finished;
    const rows = await db().submission.findMany({ where: { id: { in: pending } }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => [r.status, r.score])).toEqual([
      ["graded", 1],
      ["graded", 0],
      ["graded", 1],
    ]);
    expect((await db().submission.findUniqueOrThrow({ where: { id: done ?? "" } })).score).toBe(0.5);
    // Each re-graded hidden submission counted as exactly one attempt.
    const attemptsAfter = (await db().progress.findUnique({ where: { userId_exerciseId: { userId, exerciseId } } }))?.attempts ?? 0;
    expect(attemptsAfter - attemptsBefore).toBe(3);
    // Grading the same row again (a racing re-queue) changes nothing.
    await gradePendingSubmission(pending[0] ?? "", grader);
    expect((await db().progress.findUnique({ where: { userId_exerciseId: { userId, exerciseId } } }))?.attempts).toBe(attemptsAfter);
  });
});
