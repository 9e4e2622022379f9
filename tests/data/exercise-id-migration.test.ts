import { describe, expect, it } from "vitest";
import type { Viewer } from "@/lib/data/access";
import { db } from "@/lib/data/db";
import { seedDemo } from "@/lib/data/demo-seed";
import { saveDraft } from "@/lib/data/drafts";
import { joinCourseByCode } from "@/lib/data/enrollment";
import { syncExercisePackages } from "@/lib/data/exercise-sync";
import { getCourseOutline } from "@/lib/data/progress";
import { recordGrade, startCodeSubmission } from "@/lib/data/submissions";
import { createUser } from "@/lib/data/users";
import { loadPackage, loadPackageFromFiles } from "@/lib/exercises/loader";
import type { GradeResult } from "@/lib/grading/contract";

// mul-layer was published as "c08-mul-layer" (10 points) and is now "bp-mul-layer" (3 points,
// exercise.json formerIds). A database that holds the old item keeps the row, and with it every
// student's submissions, progress and draft, when the course is synced with the new package.

const solved: GradeResult = {
  score: 1,
  gradable: true,
  tests: [{ name: "case 1", points: 1, maxPoints: 1, passed: true, message: "passed" }],
  diagnosis: null,
  stdout: "",
  timings: { transpileMs: 1, runMs: 1, totalMs: 2 },
};

async function student(email: string): Promise<Viewer> {
  const created = await createUser({ email, password: "long enough password", name: undefined });
  if (!created.ok) throw new Error("could not create user");
  return { id: created.user.id, email, name: null, role: "student" };
}

describe("an exercise id that changed (formerIds)", () => {
  it("moves the stored item, its submissions, progress and draft to the new id", async () => {
    const current = await loadPackage("exercises/mul-layer");
    expect(current.meta.id).toBe("bp-mul-layer");
    expect(current.meta.formerIds).toContain("c08-mul-layer");
    // The package as it was published before: same files, the old id and points.
    const old: Record<string, unknown> = { ...(JSON.parse(current.files["exercise.json"] ?? "{}") as Record<string, unknown>), id: "c08-mul-layer", points: 10 };
    delete old.formerIds;
    const before = loadPackageFromFiles("mul-layer", { ...current.files, "exercise.json": JSON.stringify(old) });

    const { courseId } = await seedDemo([before]);
    const alice = await student("alice-migration@example.com");
    expect(await joinCourseByCode(alice, "BACKPROP")).toMatchObject({ ok: true });
    const oldRow = await db().exercise.findUniqueOrThrow({ where: { key: "c08-mul-layer" }, select: { id: true, points: true } });
    expect(oldRow.points).toBe(10);
    const started = await startCodeSubmission(alice, { exerciseId: oldRow.id, code: current.kind === "code" ? current.solution : "", mode: "hidden" });
    if (!started.ok) throw new Error(started.message);
    await recordGrade(started.job.submissionId, { userId: alice.id, exerciseId: oldRow.id, mode: "hidden" }, solved);
    await saveDraft(alice, { exerciseId: oldRow.id, code: "// my draft" });

    const report = await syncExercisePackages(courseId, [current]);
    expect(report.created).toEqual([]);
    const row = await db().exercise.findUniqueOrThrow({ where: { key: "bp-mul-layer" }, select: { id: true, points: true } });
    expect(row).toEqual({ id: oldRow.id, points: 3 });
    expect(await db().exercise.findUnique({ where: { key: "c08-mul-layer" } })).toBeNull();
    expect(await db().submission.count({ where: { userId: alice.id, exerciseId: row.id } })).toBe(1);
    expect(await db().draft.findUnique({ where: { userId_exerciseId: { userId: alice.id, exerciseId: row.id } }, select: { code: true } })).toEqual({
      code: "// my draft",
    });
    const outline = await getCourseOutline(alice, "backprop");
    expect(outline?.items.find((i) => i.slug === "mul-layer")).toMatchObject({ exerciseId: row.id, status: "solved", bestScore: 1, attempts: 1, points: 3 });

    // Syncing again changes nothing; the old id is not created again.
    const again = await syncExercisePackages(courseId, [current]);
    expect(again.unchanged).toEqual(["mul-layer"]);
    expect(await db().exercise.count({ where: { key: { in: ["c08-mul-layer", "bp-mul-layer"] } } })).toBe(1);
  });

  it("leaves another course's item with that id alone", async () => {
    const current = await loadPackage("exercises/mul-layer");
    const other = await db().course.create({ data: { slug: "other-course", title: "Other", joinCode: "OTHER1" }, select: { id: true } });
    await db().exercise.create({ data: { key: "c08-old-item", slug: "other-mul", courseId: other.id, title: "Old", kind: "code", order: 1 } });
    const meta = { ...current.meta, id: "bp-renamed", formerIds: ["c08-old-item"] };
    const renamed = loadPackageFromFiles("renamed-mul", { ...current.files, "exercise.json": JSON.stringify(meta) });
    const { courseId } = await seedDemo([]);
    const report = await syncExercisePackages(courseId, [renamed]);
    expect(report.created).toEqual(["renamed-mul"]);
    expect(await db().exercise.findUnique({ where: { key: "c08-old-item" }, select: { courseId: true } })).toEqual({ courseId: other.id });
  });
});
