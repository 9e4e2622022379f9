import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "@/lib/data/access";
import { db } from "@/lib/data/db";
import { seedDemo } from "@/lib/data/demo-seed";
import { joinCourseByCode } from "@/lib/data/enrollment";
import { answerQuiz, failPendingSubmission, recordGrade, startCodeSubmission } from "@/lib/data/submissions";
import { createUser } from "@/lib/data/users";
import { loadPackage } from "@/lib/exercises/loader";
import { createGraderClient, type GraderClient } from "@/lib/grading/client";
import type { GradeResult } from "@/lib/grading/contract";
import { englishText } from "@/lib/i18n/translate";

// Attempt limits (exercise.json attempts.max) under requests sent all at once: each attempt is
// reserved in the same write transaction as its submission or answer row (decision 069).

let n = 0;
async function enrolledStudent(): Promise<Viewer> {
  const email = `attempts-${++n}@example.com`;
  const created = await createUser({ email, password: "long enough password", name: undefined });
  if (!created.ok) throw new Error("could not create user");
  const viewer: Viewer = { id: created.user.id, email, name: null, role: "student" };
  await joinCourseByCode(viewer, "BACKPROP");
  return viewer;
}

const result = (gradable: boolean, score = 0): GradeResult => ({
  score,
  gradable,
  tests: [],
  diagnosis: null,
  stdout: "",
  timings: { transpileMs: 1, runMs: 1, totalMs: 2 },
});

const attemptsOf = async (viewer: Viewer, exerciseId: string) =>
  (await db().progress.findUnique({ where: { userId_exerciseId: { userId: viewer.id, exerciseId } }, select: { attempts: true } }))?.attempts ?? 0;

let mulLayer: string;
let nodeRules: string;
// Quiz answers are graded by the grader, where the quiz's suite runs.
let grader: GraderClient;

beforeAll(async () => {
  const packages = await Promise.all(["mul-layer", "node-rules"].map((s) => loadPackage(`exercises/${s}`)));
  await seedDemo(packages);
  const exercise = await db().exercise.findUniqueOrThrow({ where: { slug: "mul-layer" }, select: { id: true, currentVersion: { select: { id: true, meta: true } } } });
  mulLayer = exercise.id;
  // mul-layer allows unlimited attempts; give this copy of it two, as an exam item would have.
  const meta = { ...(exercise.currentVersion?.meta as Record<string, unknown>), attempts: { max: 2 } };
  await db().exerciseVersion.update({ where: { id: exercise.currentVersion?.id ?? "" }, data: { meta } });
  nodeRules = (await db().exercise.findUniqueOrThrow({ where: { slug: "node-rules" }, select: { id: true } })).id;
  grader = createGraderClient({ onLog: () => undefined });
});

afterAll(async () => {
  await grader.close();
});

describe("attempt limits under concurrency", () => {
  it("every option set of a 2-attempt choice question sent at once: two are graded, the rest refused", async () => {
    const student = await enrolledStudent();
    const options = ["s1", "s2", "s3", "s4", "s5", "s6"];
    const everySet = Array.from({ length: 2 ** options.length }, (_, mask) => options.filter((_, i) => mask & (1 << i)));
    const outcomes = await Promise.all(everySet.map((selected) => answerQuiz(student, { exerciseId: nodeRules, answer: { kind: "choice", selected } }, grader)));
    expect(outcomes.filter((o) => o.ok && o.result?.gradable)).toHaveLength(2);
    expect(outcomes.filter((o) => !o.ok).every((o) => !o.ok && englishText(o.message) === "You have used all your attempts for this item.")).toBe(true);
    expect(await attemptsOf(student, nodeRules)).toBe(2);
    expect(await db().quizAnswer.count({ where: { userId: student.id, exerciseId: nodeRules, gradable: true } })).toBe(2);
  });

  it("code submissions sent at once never exceed attempts.max", async () => {
    const student = await enrolledStudent();
    const started = await Promise.all(Array.from({ length: 12 }, () => startCodeSubmission(student, { exerciseId: mulLayer, code: "export class MulLayer {}", mode: "hidden" })));
    expect(started.filter((s) => s.ok)).toHaveLength(2);
    expect(started.filter((s) => !s.ok).map((s) => !s.ok && englishText(s.message))).toEqual(Array(10).fill("You have used all your attempts for this exercise."));
    expect(await db().submission.count({ where: { userId: student.id, exerciseId: mulLayer } })).toBe(2);
    // Grading them counts each once: the reservation was the count.
    for (const s of started) if (s.ok) await recordGrade(s.job.submissionId, { userId: student.id, exerciseId: mulLayer, mode: "hidden" }, result(true, 0.5));
    expect(await attemptsOf(student, mulLayer)).toBe(2);
    // Runs of the public tests are not attempts and are never refused for it.
    expect((await startCodeSubmission(student, { exerciseId: mulLayer, code: "export class MulLayer {}", mode: "public" })).ok).toBe(true);
  });

  it("an ungradable result or a grader failure gives its reserved attempt back", async () => {
    const student = await enrolledStudent();
    const first = await startCodeSubmission(student, { exerciseId: mulLayer, code: "export class MulLayer {", mode: "hidden" });
    const second = await startCodeSubmission(student, { exerciseId: mulLayer, code: "export class MulLayer {}", mode: "hidden" });
    if (!first.ok || !second.ok) throw new Error("two attempts are allowed");
    expect(await attemptsOf(student, mulLayer)).toBe(2);
    expect((await startCodeSubmission(student, { exerciseId: mulLayer, code: "x", mode: "hidden" })).ok).toBe(false);

    const recorded = await recordGrade(first.job.submissionId, { userId: student.id, exerciseId: mulLayer, mode: "hidden" }, result(false));
    expect(recorded).toMatchObject({ wrote: true, progress: null });
    await failPendingSubmission(second.job.submissionId, "grader crashed");
    expect(await attemptsOf(student, mulLayer)).toBe(0);
    // Both attempts can be used again.
    expect((await startCodeSubmission(student, { exerciseId: mulLayer, code: "export class MulLayer {}", mode: "hidden" })).ok).toBe(true);
    expect((await startCodeSubmission(student, { exerciseId: mulLayer, code: "export class MulLayer {}", mode: "hidden" })).ok).toBe(true);
    // A grade recorded twice (a re-queue racing the request) gives nothing back twice.
    await failPendingSubmission(second.job.submissionId, "again");
    await recordGrade(first.job.submissionId, { userId: student.id, exerciseId: mulLayer, mode: "hidden" }, result(false));
    expect(await attemptsOf(student, mulLayer)).toBe(2);
  });
});
