import { describe, expect, it } from "vitest";
import { seedSyntheticClass } from "@/lib/data/class-seed";
import { db } from "@/lib/data/db";
import { getGradebook, getGradebookCsv, getSubmissionsCsv } from "@/lib/data/gradebook";
import { findViewerById } from "@/lib/data/users";
import { loadCourse } from "@/lib/exercises/loader";
import { parse } from "csv-parse/sync";

describe("gradebook on a synthetic class", () => {
  it("agrees with the students' progress rows and exports one CSV row per student", async () => {
    const packages = await loadCourse("exercises");
    const seeded = await seedSyntheticClass(packages, { students: 40, items: 8, seed: 7, now: new Date("2026-11-28T00:00:00Z") });
    const course = await db().course.findUniqueOrThrow({ where: { id: seeded.courseId }, select: { ownerId: true } });
    const viewer = await findViewerById(course.ownerId ?? "");
    const book = await getGradebook(viewer, seeded.courseId);

    expect(book.rows).toHaveLength(40);
    expect(book.items).toHaveLength(8);
    // The aggregate query and the per-attempt Progress bookkeeping must tell the same story.
    const progress = await db().progress.findMany({ where: { exercise: { courseId: seeded.courseId } } });
    expect(progress.length).toBeGreaterThan(50);
    for (const p of progress) {
      const row = book.rows.find((r) => r.student.id === p.userId);
      const col = book.items.findIndex((it) => it.id === p.exerciseId);
      const cell = row?.cells[col];
      expect(cell?.bestScore).toBeCloseTo(p.bestScore);
      expect(cell?.attempts).toBe(p.attempts);
      expect(cell?.solvedAt ?? null).toBe(p.completedAt?.getTime() ?? null);
    }
    // A realistic spread: some never start, some solve everything they touch, some fail.
    expect(book.rows.some((r) => r.cells.every((c) => c === null))).toBe(true);
    expect(book.analytics.items.some((a) => a.mistakes.length > 0)).toBe(true);
    expect(book.itemStats.every((s) => s.solvedRate !== null && s.solvedRate <= 1)).toBe(true);

    const csv = parse((await getGradebookCsv(viewer, seeded.courseId)).csv, { bom: true });
    expect(csv).toHaveLength(41);
    const top = [...book.rows].sort((a, b) => b.totalPoints - a.totalPoints)[0];
    const line = csv.find((r) => r[0] === top?.student.email);
    // Two columns per item (credited, raw), then the credited total.
    expect(Number(line?.[2 + 2 * 8])).toBeCloseTo(top?.totalPoints ?? -1, 1);

    const subs = parse((await getSubmissionsCsv(viewer, seeded.courseId)).csv, { bom: true });
    const hidden = await db().submission.count({ where: { mode: "hidden", exercise: { courseId: seeded.courseId } } });
    expect(subs.length - 1).toBe(hidden + seeded.quizAnswers);
  });
});
