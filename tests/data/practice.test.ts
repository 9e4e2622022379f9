import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "@/lib/data/access";
import { db } from "@/lib/data/db";
import { seedDemo } from "@/lib/data/demo-seed";
import { joinCourseByCode } from "@/lib/data/enrollment";
import { getGradebook, getSubmissionsCsv } from "@/lib/data/gradebook";
import { answerPractice } from "@/lib/data/practice";
import { getCourseOutline, getMyProgress } from "@/lib/data/progress";
import { practiceSeedFor, seedFor } from "@/lib/data/seeds";
import { getStudentItem, type StudentItemDto } from "@/lib/data/student-items";
import { answerQuiz } from "@/lib/data/submissions";
import { createUser, findViewerById } from "@/lib/data/users";
import { loadPackage } from "@/lib/exercises/loader";
import { createGraderClient, type GraderClient } from "@/lib/grading/client";
import { englishText } from "@/lib/i18n/translate";

// Practice on new numbers (decision 072): open once the graded attempts are used, graded like any
// answer, and never counted: progress, the outline, the gradebook and the CSV stay as they were.

let grader: GraderClient;
let student: Viewer;
let courseId: string;
let exerciseId: string;

/** predict-dapple's answer for a presented variant: dApple = apple_num · tax. */
function dApple(item: StudentItemDto | null): number {
  if (!item || item.kind === "code" || item.kind === "locked" || item.kind === "closed" || item.kind === "unavailable" || item.presentation.kind !== "numeric") throw new Error("expected the numeric quiz");
  const { appleNum, tax } = item.presentation.vars;
  return Number(appleNum) * Number(tax);
}

beforeAll(async () => {
  ({ courseId } = await seedDemo([await loadPackage("exercises/predict-dapple")]));
  const created = await createUser({ email: "practiser@example.com", password: "long enough password", name: undefined });
  if (!created.ok) throw new Error("could not create user");
  student = { id: created.user.id, email: "practiser@example.com", name: null, role: "student" };
  await joinCourseByCode(student, "backprop");
  exerciseId = (await db().exercise.findUniqueOrThrow({ where: { slug: "predict-dapple" }, select: { id: true } })).id;
  grader = createGraderClient({ onLog: () => undefined });
});

afterAll(async () => {
  await grader.close();
});

describe("practice on new numbers", () => {
  it("derives its own seed per round, never the graded one", () => {
    const graded = seedFor("u1", "bp-predict-dapple");
    const rounds = [1, 2, 3].map((r) => practiceSeedFor("u1", "bp-predict-dapple", r));
    expect(new Set([graded, ...rounds]).size).toBe(4);
    expect(practiceSeedFor("u1", "bp-predict-dapple", 2)).toBe(rounds[1]);
    expect(() => practiceSeedFor("u1", "k", 0)).toThrow(RangeError);
  });

  it("is closed while graded attempts are left, and a practice round is not shown then", async () => {
    const item = await getStudentItem(student, "backprop", "predict-dapple", grader, { practiceRound: 1 });
    expect(item).toMatchObject({ canPractice: false, practice: null, attemptsLeft: 3 });
    const refused = await answerPractice(student, { exerciseId, round: 1, answer: { kind: "numeric", values: { dApple: 1 } } }, grader);
    expect(refused.ok).toBe(false);
    expect(refused.ok ? "" : englishText(refused.message)).toMatch(/opens once your graded attempts are used/);
  });

  it("opens after the last graded attempt; a right practice answer changes no grade", async () => {
    const graded = await getStudentItem(student, "backprop", "predict-dapple", grader);
    const wrong = dApple(graded) + 1;
    for (let i = 0; i < 3; i++) {
      const outcome = await answerQuiz(student, { exerciseId, answer: { kind: "numeric", values: { dApple: wrong } } }, grader);
      expect(outcome).toMatchObject({ ok: true, result: { score: 0 } });
    }
    const before = await db().progress.findUniqueOrThrow({ where: { userId_exerciseId: { userId: student.id, exerciseId } } });
    expect(before).toMatchObject({ attempts: 3, bestScore: 0, completedAt: null });

    const item = await getStudentItem(student, "backprop", "predict-dapple", grader, { practiceRound: 1 });
    expect(item).toMatchObject({ canPractice: true, practice: { round: 1 } });
    expect(dApple(item)).not.toBe(dApple(graded)); // new numbers
    const right = await answerPractice(student, { exerciseId, round: 1, answer: { kind: "numeric", values: { dApple: Math.round(dApple(item) * 1e6) / 1e6 } } }, grader);
    expect(right).toMatchObject({ ok: true, result: { score: 1, gradable: true }, attemptsLeft: 0, bestScore: 0 });
    // The graded numbers still refuse a fourth graded answer.
    expect(await answerQuiz(student, { exerciseId, answer: { kind: "numeric", values: { dApple: dApple(graded) } } }, grader)).toMatchObject({ ok: false });

    const after = await db().progress.findUniqueOrThrow({ where: { userId_exerciseId: { userId: student.id, exerciseId } } });
    expect(after).toEqual(before);
    const stored = await db().quizAnswer.findMany({ where: { userId: student.id, exerciseId }, orderBy: { createdAt: "asc" }, select: { practice: true, score: true, seed: true } });
    expect(stored.map((a) => a.practice)).toEqual([false, false, false, true]);
    expect(stored[3]).toMatchObject({ score: 1, seed: practiceSeedFor(student.id, "bp-predict-dapple", 1) });

    const outline = await getCourseOutline(student, "backprop");
    expect(outline?.items.find((i) => i.slug === "predict-dapple")).toMatchObject({ status: "attempted", bestScore: 0, attempts: 3 });
    expect(outline?.solved).toBe(0);
    expect((await getMyProgress(student)).recent.filter((r) => r.itemSlug === "predict-dapple")).toHaveLength(3);

    // The instructor's gradebook and CSV see the three graded answers only.
    const course = await db().course.findUniqueOrThrow({ where: { id: courseId }, select: { ownerId: true } });
    const instructor = await findViewerById(course.ownerId ?? "");
    const book = await getGradebook(instructor, courseId);
    const row = book.rows.find((r) => r.student.id === student.id);
    expect(row?.cells[0]).toMatchObject({ bestScore: 0, attempts: 3 });
    const csv = (await getSubmissionsCsv(instructor, courseId)).csv;
    expect(csv.split("\n").filter((line) => line.includes("practiser@example.com"))).toHaveLength(3);

    // Another round, other numbers; the page shows that round's last answer, not the graded one.
    const next = await getStudentItem(student, "backprop", "predict-dapple", grader, { practiceRound: 2 });
    expect(dApple(next)).not.toBe(dApple(item));
    expect(next?.kind !== "locked" && next?.kind !== "code" && next?.kind !== "closed" && next?.kind !== "unavailable" ? next?.lastAnswer : "n/a").toBeNull();
  });
});
