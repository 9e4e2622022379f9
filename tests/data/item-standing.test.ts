import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "@/lib/data/access";
import { seedDemo } from "@/lib/data/demo-seed";
import { joinCourseByCode } from "@/lib/data/enrollment";
import { getStudentItem, type QuizItemDto } from "@/lib/data/student-items";
import { answerQuiz, codeSubmissionInputSchema, describeGradedSubmission, getOwnSubmissionStatus, startCodeSubmission, type FinishedSubmission, type SubmissionJob } from "@/lib/data/submissions";
import { createUser } from "@/lib/data/users";
import { loadPackage } from "@/lib/exercises/loader";
import { createGraderClient, type GraderClient } from "@/lib/grading/client";
import type { GradeResult } from "@/lib/grading/contract";
import { gradeStored } from "@/lib/submissions/embedded";

// Issue 21, "students see the truth", in the data layer: every graded answer returns the student's
// standing on the item (what the page's header shows, the same as a reload would), and the item
// page gets the last result back after a reload, for code and for quizzes.

let grader: GraderClient;

async function student(email: string): Promise<Viewer> {
  const created = await createUser({ email, password: "long enough password", name: undefined });
  if (!created.ok) throw new Error("could not create user");
  const viewer: Viewer = { id: created.user.id, email, name: null, role: "student" };
  await joinCourseByCode(viewer, "backprop");
  return viewer;
}

const graded = (score: number, diagnosis: string | null = null): GradeResult => ({
  score,
  gradable: true,
  tests: [
    { name: "forward", points: 1, maxPoints: 1, passed: true, message: "" },
    { name: "backward", points: score === 1 ? 1 : 0, maxPoints: 1, passed: score === 1, message: score === 1 ? "" : "dx is wrong" },
  ],
  diagnosis: diagnosis === null ? null : { id: "swapped", message: diagnosis },
  stdout: "",
  timings: { transpileMs: 1, runMs: 1, totalMs: 2 },
});

async function submit(viewer: Viewer, exerciseId: string, result: GradeResult, mode: "public" | "hidden" = "hidden"): Promise<FinishedSubmission> {
  const started = await startCodeSubmission(viewer, { exerciseId, code: `export const v = ${result.score};`, mode });
  if (!started.ok) throw new Error(started.message);
  const job: SubmissionJob = started.job;
  await gradeStored(job, { grade: () => Promise.resolve(result) });
  const status = await getOwnSubmissionStatus(viewer, job.submissionId);
  if (!status) throw new Error("no status");
  return describeGradedSubmission(viewer, status);
}

async function quiz(viewer: Viewer): Promise<QuizItemDto> {
  const item = await getStudentItem(viewer, "backprop", "predict-dapple", grader);
  if (!item || item.kind === "code" || item.kind === "locked" || item.kind === "closed" || item.kind === "unavailable") throw new Error("no quiz");
  return item;
}

/** The standing as the page builds it on load, from the item's fields. */
const standingOnLoad = (item: { status: string; bestScore: number; rawScore: number; resultsHidden: boolean; attempts: number; attemptsLeft: number | null }) => ({
  status: item.status,
  bestScore: item.bestScore,
  rawScore: item.rawScore,
  resultsHidden: item.resultsHidden,
  attempts: item.attempts,
  attemptsLeft: item.attemptsLeft,
});

beforeAll(async () => {
  await seedDemo(await Promise.all(["mul-layer", "predict-dapple"].map((s) => loadPackage(`exercises/${s}`))));
  grader = createGraderClient({ onLog: () => undefined });
});

afterAll(async () => {
  await grader.close();
});

describe("a code item's standing and last result", () => {
  it("returns the new standing with every result, the same a reload shows", async () => {
    const ana = await student("ana@example.com");
    const item = await getStudentItem(ana, "backprop", "mul-layer", grader);
    if (item?.kind !== "code") throw new Error("no code item");
    expect(item.lastResult).toBeNull();

    const half = await submit(ana, item.exerciseId, graded(0.5, "You swapped x and y."));
    expect(half.standing).toEqual({ status: "attempted", bestScore: 0.5, rawScore: 0.5, resultsHidden: false, attempts: 1, attemptsLeft: null });
    const full = await submit(ana, item.exerciseId, graded(1));
    expect(full.standing).toMatchObject({ status: "solved", bestScore: 1, attempts: 2 });
    // A public run after it changes nothing of the standing.
    const run = await submit(ana, item.exerciseId, graded(0.5), "public");
    expect(run.standing).toEqual(full.standing);

    const reloaded = await getStudentItem(ana, "backprop", "mul-layer", grader);
    if (reloaded?.kind !== "code") throw new Error("no code item");
    expect(standingOnLoad(reloaded)).toEqual(full.standing);
    // The last result is the public run, with its tests (expected/actual kept for public cases).
    expect(reloaded.lastResult).toMatchObject({ mode: "public", result: { score: 0.5, tests: [{ name: "forward" }, { name: "backward", message: "dx is wrong" }] }, withheld: null, error: null });
  });

  it("shows a submission's diagnosis again after a reload", async () => {
    const ben = await student("ben@example.com");
    const item = await getStudentItem(ben, "backprop", "mul-layer", grader);
    if (item?.kind !== "code") throw new Error("no code item");
    await submit(ben, item.exerciseId, graded(0.5, "You swapped x and y."));
    const reloaded = await getStudentItem(ben, "backprop", "mul-layer", grader);
    if (reloaded?.kind !== "code") throw new Error("no code item");
    expect(reloaded.lastResult).toMatchObject({ mode: "hidden", result: { score: 0.5, diagnosis: { message: "You swapped x and y." } } });
    expect(reloaded.lastResult?.at).toBeInstanceOf(Date);
  });

  it("refuses blank code at the boundary with the empty-code message", () => {
    const blank = codeSubmissionInputSchema.safeParse({ exerciseId: "x", code: "  \n\t ", mode: "hidden" });
    expect(blank.success).toBe(false);
    expect(blank.error?.issues[0]?.message).toContain("errors.noCode");
  });
});

describe("a quiz's standing and last result", () => {
  it("returns the standing with each answer and grades the last answer again for the page", async () => {
    const cy = await student("cy@example.com");
    const item = await quiz(cy);
    expect(item.lastResult).toBeNull();
    expect(standingOnLoad(item)).toEqual({ status: "not-started", bestScore: 0, rawScore: 0, resultsHidden: false, attempts: 0, attemptsLeft: 3 });
    const nums = /costs (\d+) won, you buy (\d+) of them, and the tax factor is ([\d.]+)/.exec(item.prompt);
    const right = Number(nums?.[2]) * Number(nums?.[3]);

    const wrong = await answerQuiz(cy, { exerciseId: item.exerciseId, answer: { kind: "numeric", values: { dApple: right + 1 } } }, grader);
    expect(wrong).toMatchObject({ ok: true, standing: { status: "attempted", bestScore: 0, attempts: 1, attemptsLeft: 2 } });
    const ok = await answerQuiz(cy, { exerciseId: item.exerciseId, answer: { kind: "numeric", values: { dApple: right } } }, grader);
    expect(ok).toMatchObject({ ok: true, standing: { status: "solved", bestScore: 1, rawScore: 1, attempts: 2, attemptsLeft: 1 } });

    const reloaded = await quiz(cy);
    if (!ok.ok) throw new Error("refused");
    expect(standingOnLoad(reloaded)).toEqual(ok.standing);
    expect(reloaded.lastAnswer).toEqual({ kind: "numeric", values: { dApple: right } });
    // The same result as when it was answered: score, tests and their messages.
    expect(reloaded.lastResult).toMatchObject({ mode: "quiz", result: { score: 1, gradable: true }, withheld: null });
    expect(reloaded.lastResult?.result?.tests).toEqual(ok.result?.tests);
  });
});
