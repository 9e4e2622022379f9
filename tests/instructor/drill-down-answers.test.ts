import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "@/lib/data/access";
import { getStudentDrillDown } from "@/lib/data/courses-admin";
import { db } from "@/lib/data/db";
import { seedDemo } from "@/lib/data/demo-seed";
import { versionSource } from "@/lib/data/packages";
import { loadPackage } from "@/lib/exercises/loader";
import { quizPresentationSchema } from "@/lib/exercises/quiz";
import type { QuizAnswer, QuizPresentation } from "@/lib/exercises/suite-types";
import { createGraderClient } from "@/lib/grading";

// A student's quiz answers in the instructor's drill-down (issue 21, item 7): shown as the student
// saw them (field labels, option texts, order-item texts, graph blank labels, with the values),
// not as stored JSON of internal ids. With the real sandboxed grader, which presents each answer's
// version again with the answer's own seed; one item of each quiz kind from the shipped course.

const grader = createGraderClient({ onLog: () => {} });
afterAll(() => grader.close());

const SLUGS = { numeric: "apple-partials", choice: "affine-shapes", order: "backprop-order", graph: "apple-forward-graph" } as const;
const SEED = 424_242;

let teacher: Viewer;
let courseId: string;
let studentId: string;
const presented = new Map<string, QuizPresentation>();

/** An answer that uses every id of the presentation (in reverse order, to tell order from ids). */
function answerFor(p: QuizPresentation): QuizAnswer {
  switch (p.kind) {
    case "numeric":
      return { kind: "numeric", values: Object.fromEntries(p.fields.map((f, i) => [f.id, 1.5 + i])) };
    case "choice":
      return { kind: "choice", selected: [p.options[1]?.id ?? ""] };
    case "order":
      return { kind: "order", order: p.items.map((i) => i.id).reverse() };
    case "graph":
      return { kind: "graph", values: Object.fromEntries(p.blanks.map((b, i) => [b.id, 10 + i])) };
  }
}

beforeAll(async () => {
  const packages = await Promise.all(Object.values(SLUGS).map((s) => loadPackage(`exercises/${s}`)));
  const seeded = await seedDemo(packages);
  courseId = seeded.courseId;
  studentId = seeded.studentId;
  teacher = { id: seeded.instructorId, email: "instructor@example.com", name: "Demo Instructor", role: "instructor" };
  for (const slug of Object.values(SLUGS)) {
    const item = await db().exercise.findUniqueOrThrow({ where: { slug }, select: { id: true, slug: true, source: true, currentVersion: { select: { id: true, files: true } } } });
    const version = item.currentVersion;
    if (!version) throw new Error(`${slug} has no version`);
    const shown = await grader.present(await versionSource(version, item), SEED, "en");
    if (!shown.ok) throw new Error(shown.message);
    const p = quizPresentationSchema.parse(shown.value.presentation);
    presented.set(slug, p);
    await db().quizAnswer.deleteMany({ where: { exerciseId: item.id, userId: studentId } });
    await db().quizAnswer.create({ data: { userId: studentId, exerciseId: item.id, exerciseVersionId: version.id, seed: SEED, answer: JSON.parse(JSON.stringify(answerFor(p))) as object, correct: false, score: 0 } });
  }
}, 120_000);

async function attemptOf(slug: string) {
  const drill = await getStudentDrillDown(teacher, courseId, studentId, grader);
  const attempt = drill.items.find((i) => i.slug === slug)?.attemptsList[0];
  if (!attempt) throw new Error(`no attempt on ${slug}`);
  return attempt;
}

describe("quiz answers in a student's drill-down, as the student saw them", () => {
  it("numeric: each field's label with the value typed", async () => {
    const p = presented.get(SLUGS.numeric);
    if (p?.kind !== "numeric") throw new Error("numeric expected");
    const a = await attemptOf(SLUGS.numeric);
    expect(a.shown).toEqual({ kind: "values", rows: p.fields.map((f, i) => ({ id: f.id, label: f.label, value: 1.5 + i })), extra: [] });
    expect(p.fields[0]?.label).toContain("∂price/∂apple");
  });

  it("choice: the option texts in the order shown, the chosen one ticked", async () => {
    const p = presented.get(SLUGS.choice);
    if (p?.kind !== "choice") throw new Error("choice expected");
    const a = await attemptOf(SLUGS.choice);
    expect(a.shown).toEqual({ kind: "choice", multiple: p.multiple, options: p.options.map((o, i) => ({ id: o.id, label: o.label, selected: i === 1 })), unknown: [] });
    // Texts, not ids: the option's label is not its id.
    expect(p.options[1]?.label).not.toBe(p.options[1]?.id);
  });

  it("order: the items' texts in the student's order", async () => {
    const p = presented.get(SLUGS.order);
    if (p?.kind !== "order") throw new Error("order expected");
    const a = await attemptOf(SLUGS.order);
    expect(a.shown).toEqual({ kind: "order", items: [...p.items].reverse().map((i) => ({ id: i.id, label: i.label })) });
    expect(p.items[0]?.label).toMatch(/'\(/);
  });

  it("graph: each blank's label with its value", async () => {
    const p = presented.get(SLUGS.graph);
    if (p?.kind !== "graph") throw new Error("graph expected");
    const a = await attemptOf(SLUGS.graph);
    expect(a.shown).toEqual({ kind: "values", rows: p.blanks.map((b, i) => ({ id: b.id, label: b.label, value: 10 + i })), extra: [] });
  });

  it("in the instructor's language, and without a grader only the stored answer", async () => {
    const ko = await getStudentDrillDown({ ...teacher, locale: "ko" }, courseId, studentId, grader);
    const numeric = ko.items.find((i) => i.slug === SLUGS.numeric)?.attemptsList[0];
    expect(numeric?.shown?.kind).toBe("values");
    const plain = await getStudentDrillDown(teacher, courseId, studentId);
    const stored = plain.items.find((i) => i.slug === SLUGS.choice)?.attemptsList[0];
    expect(stored?.shown).toBeNull();
    expect(stored?.answer).toContain('"kind":"choice"');
  });
});
