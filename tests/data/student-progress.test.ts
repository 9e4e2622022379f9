import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "@/lib/data/access";
import { db } from "@/lib/data/db";
import { seedDemo } from "@/lib/data/demo-seed";
import { saveDraft } from "@/lib/data/drafts";
import { findCourseForViewer, joinCourseByCode } from "@/lib/data/enrollment";
import { getCourseOutline } from "@/lib/data/progress";
import { seedFor } from "@/lib/data/seeds";
import { getStudentItem } from "@/lib/data/student-items";
import {
  answerQuiz,
  describeGradedSubmission,
  getOwnSubmissionCode,
  getOwnSubmissionStatus,
  startCodeSubmission,
  type FinishedSubmission,
  type SubmissionJob,
} from "@/lib/data/submissions";
import { createUser } from "@/lib/data/users";
import { loadPackage } from "@/lib/exercises/loader";
import { createGraderClient, type GraderClient } from "@/lib/grading/client";
import type { GradeResult } from "@/lib/grading/contract";
import { gradeStored } from "@/lib/submissions/embedded";

// The student data layer against a real (per-file) database and real packages: enrolment,
// per-student variants, drafts, code submissions written before grading, attempts that only
// count when gradable, and nothing of one student reaching another.

let alice: Viewer;
let bob: Viewer;
// Quiz items are presented and graded by the grader, where their suites run.
let grader: GraderClient;

/** Records `result` for a stored submission as the grader would, and reads it back as the item page does. */
async function finish(viewer: Viewer, job: SubmissionJob, result: GradeResult): Promise<FinishedSubmission> {
  await gradeStored(job, { grade: () => Promise.resolve(result) });
  const status = await getOwnSubmissionStatus(viewer, job.submissionId);
  if (!status?.result) throw new Error(`submission not graded: ${JSON.stringify(status)}`);
  return describeGradedSubmission(viewer, { ...status, result: status.result });
}

async function student(email: string): Promise<Viewer> {
  const created = await createUser({ email, password: "long enough password", name: undefined });
  if (!created.ok) throw new Error("could not create user");
  return { id: created.user.id, email, name: null, role: "student" };
}

const graded = (score: number, extra: Partial<GradeResult> = {}): GradeResult => ({
  score,
  gradable: true,
  tests: [{ name: "case 1", points: score, maxPoints: 1, passed: score === 1, message: "", expected: "SECRET", actual: "1" }],
  diagnosis: null,
  stdout: "",
  timings: { transpileMs: 1, runMs: 1, totalMs: 2 },
  ...extra,
});

beforeAll(async () => {
  const packages = await Promise.all(["mul-layer", "predict-dapple"].map((s) => loadPackage(`exercises/${s}`)));
  await seedDemo(packages);
  alice = await student("alice@example.com");
  bob = await student("bob@example.com");
  grader = createGraderClient({ onLog: () => undefined });
});

afterAll(async () => {
  await grader.close();
});

describe("student data layer", () => {
  it("enrols with a join code typed loosely and refuses unknown codes", async () => {
    expect(await joinCourseByCode(alice, "nope")).toMatchObject({ ok: false });
    await expect(findCourseForViewer(alice, "backprop")).rejects.toMatchObject({ status: 403 });
    expect(await joinCourseByCode(alice, " backprop ")).toMatchObject({ ok: true, slug: "backprop", alreadyEnrolled: false });
    expect(await joinCourseByCode(alice, "BACKPROP")).toMatchObject({ ok: true, alreadyEnrolled: true });
    const outline = await getCourseOutline(alice, "backprop");
    expect(outline?.items.map((i) => i.status)).toEqual(["not-started", "not-started"]);
  });

  it("joins once when one person's requests race (a join link opened twice at once)", async () => {
    const carol = await student("carol-races@example.com");
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => joinCourseByCode(carol, "BACKPROP", i % 2 === 0 ? "link" : "code")));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(await db().enrollment.count({ where: { userId: carol.id } })).toBe(1);
  });

  it("gives each student their own deterministic numbers", async () => {
    expect(seedFor(alice.id, "k")).toBe(seedFor(alice.id, "k"));
    expect(seedFor(alice.id, "k")).not.toBe(seedFor(bob.id, "k"));
    await joinCourseByCode(bob, "BACKPROP");
    const a = await getStudentItem(alice, "backprop", "predict-dapple", grader);
    const b = await getStudentItem(bob, "backprop", "predict-dapple", grader);
    if (a?.kind !== "numeric" || b?.kind !== "numeric") throw new Error("expected the numeric quiz");
    expect(a?.prompt).not.toContain("{{");
    // Never the answer: the DTO is the presentation only.
    expect(JSON.stringify(a)).not.toMatch(/answer\(|"values"/);
    expect(a?.prompt === b?.prompt && a?.prompt.includes("won")).toBe(false);
  });

  it("sends only prompt and starter of a code item, never solution or mistakes", async () => {
    const item = await getStudentItem(alice, "backprop", "mul-layer", grader);
    expect(item?.kind).toBe("code");
    const json = JSON.stringify(item);
    expect(json).not.toContain("the gradient for x uses the other input"); // solution.ts comment
    expect(json).not.toContain("Known mistake");
    expect(json).not.toContain("hiddenCases");
  });

  it("keeps drafts per student", async () => {
    const item = await getStudentItem(alice, "backprop", "mul-layer", grader);
    if (!item) throw new Error("no item");
    await saveDraft(alice, { exerciseId: item.exerciseId, code: "// alice's draft" });
    const again = await getStudentItem(alice, "backprop", "mul-layer", grader);
    expect(again?.kind === "code" && again.draft?.code).toBe("// alice's draft");
    const bobs = await getStudentItem(bob, "backprop", "mul-layer", grader);
    expect(bobs?.kind === "code" && bobs.draft).toBe(null);
  });

  it("writes a code submission before grading; only gradable hidden results are attempts", async () => {
    const item = await getStudentItem(alice, "backprop", "mul-layer", grader);
    if (!item) throw new Error("no item");
    const started = await startCodeSubmission(alice, { exerciseId: item.exerciseId, code: "export class MulLayer {}", mode: "hidden" });
    if (!started.ok) throw new Error(started.message);
    expect((await db().submission.findUniqueOrThrow({ where: { id: started.job.submissionId } })).status).toBe("running");

    const syntax = await finish(alice, started.job, {
      ...graded(0),
      gradable: false,
      tests: [],
      error: { kind: "syntax", message: "Unexpected }", line: 3, column: 1 },
    });
    expect(syntax.attemptCounted).toBe(false);

    const second = await startCodeSubmission(alice, { exerciseId: item.exerciseId, code: "export class MulLayer { /* ok */ }", mode: "hidden" });
    if (!second.ok) throw new Error(second.message);
    const done = await finish(alice, second.job, graded(1));
    expect(done.attemptCounted).toBe(true);
    // Hidden tests never carry expected/actual to the browser.
    expect(JSON.stringify(done.result)).not.toContain("SECRET");
    expect(done.history.map((h) => h.score)).toEqual([1, 0]);

    const outline = await getCourseOutline(alice, "backprop");
    const mul = outline?.items.find((i) => i.slug === "mul-layer");
    expect(mul).toMatchObject({ status: "solved", attempts: 1, bestScore: 1 });
    expect(outline?.solved).toBe(1);

    // Another student can neither read the code nor the result.
    const secondId = second.job.submissionId;
    await expect(getOwnSubmissionCode(bob, secondId)).rejects.toMatchObject({ status: 403 });
    expect(await getOwnSubmissionStatus(bob, secondId)).toBeNull();
    const alicesStatus = await getOwnSubmissionStatus(alice, secondId);
    if (!alicesStatus?.result) throw new Error("not graded");
    await expect(describeGradedSubmission(bob, { ...alicesStatus, result: alicesStatus.result })).rejects.toMatchObject({ status: 403 });
    expect(await getOwnSubmissionCode(alice, secondId)).toContain("/* ok */");
  });

  it("grades quiz answers on the student's own variant and enforces the attempt limit", async () => {
    const item = await getStudentItem(alice, "backprop", "predict-dapple", grader);
    if (!item || item.kind === "code" || item.kind === "locked" || item.kind === "closed" || item.kind === "unavailable") throw new Error("no quiz");
    const nums = /costs (\d+) won, you buy (\d+) of them, and the tax factor is ([\d.]+)/.exec(item.prompt);
    const right = Number(nums?.[2]) * Number(nums?.[3]);
    const malformed = await answerQuiz(alice, { exerciseId: item.exerciseId, answer: { kind: "numeric", values: {} } }, grader);
    expect(malformed).toMatchObject({ ok: true, result: { gradable: false } });
    const wrong = await answerQuiz(alice, { exerciseId: item.exerciseId, answer: { kind: "numeric", values: { dApple: right + 1 } } }, grader);
    expect(wrong).toMatchObject({ ok: true, result: { score: 0 }, attemptsLeft: 2 });
    const ok = await answerQuiz(alice, { exerciseId: item.exerciseId, answer: { kind: "numeric", values: { dApple: right } } }, grader);
    expect(ok).toMatchObject({ ok: true, result: { score: 1 }, attemptsLeft: 1 });
    await answerQuiz(alice, { exerciseId: item.exerciseId, answer: { kind: "numeric", values: { dApple: 0 } } }, grader);
    const over = await answerQuiz(alice, { exerciseId: item.exerciseId, answer: { kind: "numeric", values: { dApple: right } } }, grader);
    expect(over).toMatchObject({ ok: false });
    const outline = await getCourseOutline(alice, "backprop");
    expect(outline?.items.find((i) => i.slug === "predict-dapple")).toMatchObject({ status: "solved", attempts: 3, bestScore: 1 });
  });

  it("the course's staff preview an item without an attempt limit (issue 21): their tries are not a student's", async () => {
    const course = await db().course.findUniqueOrThrow({ where: { slug: "backprop" }, select: { owner: { select: { id: true, email: true, name: true } } } });
    if (!course.owner) throw new Error("the demo course has no owner");
    const owner: Viewer = { id: course.owner.id, email: course.owner.email, name: course.owner.name, role: "instructor" };
    const item = await getStudentItem(owner, "backprop", "predict-dapple", grader);
    if (!item || item.kind !== "numeric") throw new Error("no quiz");
    expect(item).toMatchObject({ staffPreview: true, attemptsLeft: null, maxAttempts: null });
    // Four graded answers on an item that allows three: every one is graded, none is refused.
    for (let i = 0; i < 4; i++) {
      expect(await answerQuiz(owner, { exerciseId: item.exerciseId, answer: { kind: "numeric", values: { dApple: i } } }, grader)).toMatchObject({ ok: true, result: { gradable: true }, attemptsLeft: null });
    }
    // A student's limit is unchanged.
    expect(await getStudentItem(alice, "backprop", "predict-dapple", grader)).toMatchObject({ staffPreview: false, maxAttempts: 3, attemptsLeft: 0 });
  });
});
