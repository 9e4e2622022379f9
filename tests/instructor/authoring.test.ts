import { afterAll, describe, expect, it } from "vitest";
import { englishText } from "@/lib/i18n/translate";
import { exportItemArchive, getAuthoringItem, importItemArchive, newItemTemplate, previewDraft, publishDraft, setItemHidden, validateDraft } from "@/lib/data/authoring";
import { db } from "@/lib/data/db";
import { getGradebook } from "@/lib/data/gradebook";
import { applyRegrade, dryRunRegrade } from "@/lib/data/regrade";
import { getOwnSubmissionStatus, startCodeSubmission } from "@/lib/data/submissions";
import { gradeStored } from "@/lib/submissions/embedded";
import { createGraderClient } from "@/lib/grading";
import { seedCast } from "./helpers";

// Browser authoring end to end in the data layer, with the real sandboxed grader: validate,
// refuse a broken reference, publish, a student solves it, tighten the hidden tests, regrade.

const grader = createGraderClient({ onLog: () => {} });
afterAll(() => grader.close());
const grade = grader;

const SLUG = "double-it";

describe("authoring, publishing and regrading", () => {
  it("validates, refuses a broken reference, publishes versions and regrades", async () => {
    const cast = await seedCast();
    const files = newItemTemplate("code", SLUG, 1);
    const draft = { courseId: cast.courseId, slug: SLUG, files };

    const good = await validateDraft(cast.instructor, draft, grade);
    expect(good.checks.filter((c) => !c.ok)).toEqual([]);
    expect(good.ok).toBe(true);

    const broken = { ...draft, files: { ...files, "solution.ts": "export function solve(x: number): number {\n  return 3 * x;\n}\n" } };
    const refused = await validateDraft(cast.instructor, broken, grade);
    expect(refused.ok).toBe(false);
    const reference = refused.checks.find((c) => c.name.startsWith("Reference solution"));
    expect(reference?.ok).toBe(false);
    expect(reference?.messages.some((m) => /^solution scores 0 on seed 1: hidden case 1: /.test(m))).toBe(true);
    const notPublished = await publishDraft(cast.instructor, broken, grade);
    expect(notPublished.ok).toBe(false);
    expect(notPublished.ok ? "" : englishText(notPublished.message)).toContain("validation failed");
    expect(await db().exercise.count({ where: { slug: SLUG } })).toBe(0);

    const syntax = await validateDraft(cast.instructor, { ...draft, files: { ...files, "suite.ts": "export default {" } }, grade);
    expect(syntax.checks[0]?.ok).toBe(false);
    expect(syntax.checks[0]?.name).toContain("Package loads");

    // Preview: the student's view carries the prompt and starter, never the solution or suite.
    const preview = await previewDraft(cast.instructor, draft, grader);
    expect(preview).toMatchObject({ ok: true, kind: "code", starter: files["starter.ts"] });
    expect(JSON.stringify(preview)).not.toContain("2 * x");
    expect(JSON.stringify(preview)).not.toContain("hiddenCases");

    const published = await publishDraft(cast.instructor, draft, grade);
    if (!published.ok) throw new Error(published.message);
    const exerciseId = published.exerciseId;
    expect(await db().exercise.findUniqueOrThrow({ where: { id: exerciseId }, select: { hidden: true, source: true } })).toEqual({ hidden: true, source: "authored" });
    await setItemHidden(cast.instructor, exerciseId, false);

    // A student's answer that is right only for x >= 0 passes the lenient hidden cases... once tightened, it must not.
    const lenientSuite = (files["suite.ts"] ?? "").replace("rng.uniform(-10, 10)", "rng.uniform(0, 10)");
    const lenient = await publishDraft(cast.instructor, { ...draft, exerciseId, files: { ...files, "suite.ts": lenientSuite } }, grade);
    expect(lenient).toMatchObject({ ok: true, newVersion: true });
    const code = "export function solve(x: number): number {\n  return 2 * Math.abs(x);\n}\n";
    const started = await startCodeSubmission(cast.student, { exerciseId, code, mode: "hidden" });
    if (!started.ok) throw new Error(started.message);
    await gradeStored(started.job, grader);
    expect((await getOwnSubmissionStatus(cast.student, started.job.submissionId))?.score).toBe(1);
    const oldVersion = (await db().submission.findUniqueOrThrow({ where: { id: started.job.submissionId } })).exerciseVersionId;

    const book = await getGradebook(cast.instructor, cast.courseId);
    const col = book.items.findIndex((it) => it.id === exerciseId);
    expect(book.rows[0]?.cells[col]?.bestScore).toBe(1);

    // Tighten: back to hidden cases with negative x. The old submission stays on its version.
    const tightened = await publishDraft(cast.instructor, { ...draft, exerciseId }, grade);
    expect(tightened).toMatchObject({ ok: true, newVersion: false }); // same content as the first version
    expect((await db().submission.findUniqueOrThrow({ where: { id: started.job.submissionId } })).exerciseVersionId).toBe(oldVersion);

    const dry = await dryRunRegrade(cast.instructor, exerciseId, grade);
    expect(dry.attempts).toBe(1);
    expect(dry.students.map((s) => [s.email, s.oldBest])).toEqual([["student@example.com", 1]]);
    expect(dry.students[0]?.newBest).toBeLessThan(1);
    expect((await db().progress.findFirstOrThrow({ where: { exerciseId } })).bestScore).toBe(1); // dry run wrote nothing

    const applied = await applyRegrade(cast.instructor, exerciseId, grade);
    expect(applied.students[0]?.newBest).toBe(dry.students[0]?.newBest);
    const progress = await db().progress.findFirstOrThrow({ where: { exerciseId } });
    expect(progress).toMatchObject({ bestScore: dry.students[0]?.newBest, attempts: 1, completedAt: null });
    const sub = await db().submission.findUniqueOrThrow({ where: { id: started.job.submissionId } });
    expect(sub.exerciseVersionId).not.toBe(oldVersion);

    // Export → import gives back the same package, as a new version of the same item.
    const archive = await exportItemArchive(cast.instructor, exerciseId);
    expect(archive.filename).toBe(`${SLUG}.tar.gz`);
    const imported = await importItemArchive(cast.instructor, cast.courseId, archive.data, grader);
    expect(imported).toEqual({ ok: true, slug: SLUG, files: (await getAuthoringItem(cast.instructor, exerciseId)).files, exerciseId });
    const bad = await importItemArchive(cast.instructor, cast.courseId, new Uint8Array([1, 2, 3]), grader);
    expect(bad.ok ? "" : englishText(bad.message)).toContain("not a tar archive");
  }, 120_000);

  it("validates and previews a quiz item without giving the answer away", async () => {
    const cast = await seedCast();
    const template = newItemTemplate("numeric", "square-rule", 1);
    // The template states its tolerance; without that sentence the course's rule speaks up.
    const files: Record<string, string> = { ...template, "prompt.md": (template["prompt.md"] ?? "").replace(/Answers are accepted within .*\n/, "") };
    const draft = { courseId: cast.courseId, slug: "square-rule", files };
    const validation = await validateDraft(cast.instructor, draft, grade);
    expect(validation.checks.filter((c) => !c.ok)).toEqual([]);
    // The course's own rules are advice for a draft: shown, not blocking.
    const advice = validation.checks.find((c) => c.name === "Course conventions (advice)");
    expect(advice).toMatchObject({ ok: true, warning: true });
    expect(advice?.messages.join("\n")).toMatch(/does not state the tolerance/);
    const preview = await previewDraft(cast.instructor, draft, grader, 1);
    if (!preview.ok || preview.kind === "code") throw new Error("expected a quiz preview");
    const x = Number(preview.presentation.vars.x);
    expect(preview.prompt).toContain(`$x = ${x}$`);
    expect(JSON.stringify(preview)).not.toContain("values");
    // A generator whose answer is wrong for its own check is refused.
    const constant = { ...draft, files: { ...files, "suite.ts": (files["suite.ts"] ?? "").replace("variant: (rng) => ({ x: rng.int(2, 9) })", "variant: () => ({ x: 3 })") } };
    const refused = await validateDraft(cast.instructor, constant, grade);
    expect(refused.ok).toBe(false);
    expect(refused.checks.some((c) => !c.ok && c.messages.some((m) => m.includes("not randomized")))).toBe(true);
  });
});
