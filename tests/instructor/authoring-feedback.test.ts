import { afterAll, describe, expect, it } from "vitest";
import { publishDraft, runDraftCode, validateDraft } from "@/lib/data/authoring";
import { db } from "@/lib/data/db";
import { englishText } from "@/lib/i18n/translate";
import { exerciseKinds } from "@/lib/exercises/schema";
import { itemTemplate } from "@/lib/exercises/templates";
import { QUIZ_FORM_FILE, quizFormFiles, type QuizForm } from "@/lib/exercises/quiz-form";
import { newMistakeFile, registerPackageFiles } from "@/lib/exercises/authoring-form";
import { createGraderClient } from "@/lib/grading";
import { seedCast } from "./helpers";

const grader = createGraderClient({ onLog: () => {} });
afterAll(() => grader.close());

describe("authoring templates and feedback", () => {
  it("every kind's template validates green as it stands", async () => {
    const cast = await seedCast();
    for (const kind of exerciseKinds) {
      const slug = `template-${kind}`;
      const v = await validateDraft(cast.instructor, { courseId: cast.courseId, slug, files: itemTemplate(kind, slug, 50) }, grader);
      expect({ kind, failed: v.checks.filter((c) => !c.ok) }).toEqual({ kind, failed: [] });
      expect(v.ok).toBe(true);
    }
  }, 240_000);

  it("counts a known mistake whose file was added in the browser", async () => {
    const cast = await seedCast();
    const slug = "feedback-mistake";
    const files = itemTemplate("code", slug, 50);
    const count = (v: Awaited<ReturnType<typeof validateDraft>>) => v.checks.flatMap((c) => c.messages).find((m) => /known mistakes/.test(m));
    expect(count(await validateDraft(cast.instructor, { courseId: cast.courseId, slug, files }, grader))).toContain("only 0 known mistakes");
    const mistake = newMistakeFile("tripled", "export function solve(x: number): number {\n  return 3 * x;\n}\n");
    const withFile = { ...files, [mistake.path]: mistake.content };
    const meta = registerPackageFiles((JSON.parse(files["exercise.json"] ?? "{}") as Record<string, unknown>), withFile);
    const diag = { ...meta, mistakes: (meta.mistakes as { id: string }[]).map((m) => ({ ...m, message: { en: "Your result is three times x.", ko: "결과가 x의 세 배입니다." } })) };
    const v = await validateDraft(cast.instructor, { courseId: cast.courseId, slug, files: { ...withFile, "exercise.json": JSON.stringify(diag) } }, grader);
    expect(count(v)).toContain("only 1 known mistakes");
    expect(v.checks.find((c) => c.id === "labels")?.ok).toBe(true);
  }, 120_000);

  it("names a wrong Required exports once, under its field, instead of a message per seed and case", async () => {
    const cast = await seedCast();
    const slug = "feedback-exports";
    const files = itemTemplate("code", slug, 50);
    const meta = { ...(JSON.parse(files["exercise.json"] ?? "{}") as Record<string, unknown>), exports: ["solv"] };
    const v = await validateDraft(cast.instructor, { courseId: cast.courseId, slug, files: { ...files, "exercise.json": JSON.stringify(meta) } }, grader);
    expect(v.ok).toBe(false);
    expect(v.fields.map((f) => [f.field, englishText(f.message)])).toEqual([["exports", "the reference solution (solution.ts) does not export solv"]]);
    const all = v.checks.flatMap((c) => c.messages);
    expect(all.filter((m) => /must export|does not export/.test(englishText(m)))).toHaveLength(1);
  }, 120_000);

  it("reports every field problem at once, and a slug or id another item uses before publishing", async () => {
    const cast = await seedCast();
    const slug = "feedback-fields";
    const files = itemTemplate("code", slug, 50);
    const { "starter.ts": _starter, ...rest } = files;
    const meta = { ...(JSON.parse(files["exercise.json"] ?? "{}") as Record<string, unknown>), points: -1, exports: ["not an identifier"], attempts: { max: 0 } };
    const v = await validateDraft(cast.instructor, { courseId: cast.courseId, slug: "Bad Slug", files: { ...rest, "exercise.json": JSON.stringify(meta) } }, grader);
    expect(v.ok).toBe(false);
    expect(v.fields.map((f) => f.field).sort()).toEqual(["attempts.max", "exports.0", "points", "slug"]);

    // An item already published takes its slug and id: validation says so, not the publish that follows.
    const first = await publishDraft(cast.instructor, { courseId: cast.courseId, slug, files }, grader);
    if (!first.ok) throw new Error(first.message);
    const taken = await db().exercise.findUniqueOrThrow({ where: { id: first.exerciseId }, select: { slug: true, key: true } });
    const again = await validateDraft(cast.instructor, { courseId: cast.courseId, exerciseId: first.exerciseId, slug, files }, grader);
    expect(again.fields).toEqual([]);
    const dup = await validateDraft(cast.instructor, { courseId: cast.courseId, slug: taken.slug, files: { ...files, "exercise.json": JSON.stringify({ ...(JSON.parse(files["exercise.json"] ?? "{}") as Record<string, unknown>), id: taken.key }) } }, grader);
    expect(dup.ok).toBe(false);
    expect(dup.fields.map((f) => [f.field, englishText(f.message)])).toEqual([
      ["slug", `another item already uses the slug "${taken.slug}"`],
      ["id", `another item already uses the id "${taken.key}"`],
    ]);
  }, 120_000);

  it("runs the public tests and the full check of any file of a draft without storing a submission", async () => {
    const cast = await seedCast();
    const slug = "feedback-run";
    const files: Record<string, string> = { ...itemTemplate("code", slug, 50), "mistakes/tripled.ts": "export function solve(x: number): number {\n  return 3 * x;\n}\n" };
    const meta = { ...(JSON.parse(files["exercise.json"] ?? "{}") as Record<string, unknown>), mistakes: [{ id: "tripled", file: "mistakes/tripled.ts", message: "Three times x." }] };
    const draft = { courseId: cast.courseId, slug, files: { ...files, "exercise.json": JSON.stringify(meta) } };
    const before = await db().submission.count();
    const pub = await runDraftCode(cast.instructor, { ...draft, file: "solution.ts", mode: "public" }, grader, "en");
    if (!pub.ok) throw new Error(pub.message);
    expect(pub.result.score).toBe(1);
    expect(pub.result.tests.length).toBe(2);
    expect(pub.result.tests[0]?.expected).toBeDefined();
    const wrong = await runDraftCode(cast.instructor, { ...draft, file: "mistakes/tripled.ts", mode: "hidden" }, grader, "en");
    if (!wrong.ok) throw new Error(wrong.message);
    expect(wrong.result.score).toBeLessThan(1);
    expect(wrong.result.diagnosis).toEqual({ id: "tripled", message: "Three times x." });
    expect(wrong.result.tests.every((t) => t.expected === undefined)).toBe(true);
    expect(await db().submission.count()).toBe(before);
    // Only the course's staff, and only files of the draft.
    await expect(runDraftCode(cast.student, { ...draft, file: "solution.ts", mode: "public" }, grader, "en")).rejects.toThrow();
    const missing = await runDraftCode(cast.instructor, { ...draft, file: "mistakes/none.ts", mode: "public" }, grader, "en");
    expect(missing.ok ? "" : englishText(missing.message)).toBe("the file mistakes/none.ts is missing");
  }, 120_000);

  it("a question written in the form (seeded variables, formulas, conditional options) validates with the suite it writes", async () => {
    const cast = await seedCast();
    const numeric: QuizForm = {
      kind: "numeric",
      variables: [{ name: "a", min: 2, max: 9 }, { name: "b", min: 11, max: 19 }],
      fields: [{ id: "sum", label: "a + b", answer: "a + b" }, { id: "grad", label: "d/da (a·b)", answer: "b" }],
      options: [],
      multiple: false,
    };
    const choice: QuizForm = {
      kind: "choice",
      variables: [{ name: "a", min: 2, max: 9 }],
      fields: [],
      options: [
        { label: "{a} is even", correct: "a % 2 === 0" },
        { label: "{a} is odd", correct: "a % 2 === 1" },
        { label: "{a} is above 5", correct: "a > 5" },
        { label: "{a * a} is a square", correct: "true" },
      ],
      multiple: true,
    };
    for (const form of [numeric, choice]) {
      const slug = `form-${form.kind}`;
      const prompt = form.kind === "numeric" ? "# Sum\n\nWith $a = {{a}}$ and $b = {{b}}$: find $a + b$ and $\\partial(ab)/\\partial a$.\n\nAnswers are accepted within a relative error of $10^{-4}$.\n" : "# Numbers\n\nSelect every true statement.\n";
      const files = { ...itemTemplate(form.kind, slug, 50), "prompt.md": prompt, ...quizFormFiles(form) };
      const v = await validateDraft(cast.instructor, { courseId: cast.courseId, slug, files }, grader);
      expect({ kind: form.kind, failed: v.checks.filter((c) => !c.ok) }).toEqual({ kind: form.kind, failed: [] });
    }
    // A form that says something impossible is named by its field before anything runs.
    const broken = { ...numeric, variables: [{ name: "a", min: 3, max: 3 }] };
    const files = { ...itemTemplate("numeric", "form-broken", 50), [QUIZ_FORM_FILE]: JSON.stringify(broken) };
    const v = await validateDraft(cast.instructor, { courseId: cast.courseId, slug: "form-broken", files }, grader);
    expect(v.fields.map((f) => f.field)).toEqual(["quiz-form.json:variables.0.max", "quiz-form.json:fields.0.answer", "quiz-form.json:fields.1.answer"]);
  }, 120_000);
});
