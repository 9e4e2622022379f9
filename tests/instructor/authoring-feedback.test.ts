import { afterAll, describe, expect, it } from "vitest";
import { publishDraft, validateDraft } from "@/lib/data/authoring";
import { db } from "@/lib/data/db";
import { englishText } from "@/lib/i18n/translate";
import { exerciseKinds } from "@/lib/exercises/schema";
import { itemTemplate } from "@/lib/exercises/templates";
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
});
