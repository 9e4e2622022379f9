// The gradebook's statistics come from hand-written aggregate SQL (decision 032) that runs on both
// engines (decision 057): the same class seeded into SQLite and into PostgreSQL must give the same
// numbers, every one of them, and the same CSV exports.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { seedSyntheticClass } from "@/lib/data/class-seed";
import { databaseEngine, db } from "@/lib/data/db";
import { getGradebook, getGradebookCsv, getSubmissionsCsv, type GradebookDto } from "@/lib/data/gradebook";
import { findViewerById } from "@/lib/data/users";
import { loadCourse } from "@/lib/exercises/loader";
import { binCommand } from "../../scripts/lib/project";

const root = path.resolve(import.meta.dirname, "../..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chainrule-gradebook-"));
const postgresUrl = process.env.DATABASE_URL ?? "";
afterAll(() => {
  process.env.DATABASE_URL = postgresUrl;
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Snapshot {
  engine: string;
  book: unknown;
  gradebookCsv: string;
  submissionsCsv: string;
}

/** The class's gradebook with database ids replaced by what names them on both engines (emails, slugs). */
function comparable(book: GradebookDto): unknown {
  const email = new Map(book.rows.map((r) => [r.student.id, r.student.email]));
  const slug = new Map(book.items.map((i) => [i.id, i.slug]));
  return {
    maxPoints: book.maxPoints,
    students: book.students,
    items: book.items.map(({ id: _id, ...item }) => item),
    rows: book.rows.map((r) => ({
      ...r,
      student: { ...r.student, id: undefined },
      cells: r.cells.map((c) => c && { ...c, userId: email.get(c.userId), itemId: slug.get(c.itemId) }),
    })),
    itemStats: book.itemStats.map((s) => ({ ...s, itemId: slug.get(s.itemId) })),
    // The charts' figures: attempts and time to solve, diagnosed mistakes, solved per day.
    analytics: { ...book.analytics, items: book.analytics.items.map((a) => ({ ...a, itemId: slug.get(a.itemId) })) },
  };
}

async function seedAndRead(): Promise<Snapshot> {
  const packages = await loadCourse("exercises");
  const seeded = await seedSyntheticClass(packages, { students: 80, items: 12, seed: 20261204, now: new Date("2026-12-04T12:00:00Z") });
  const course = await db().course.findUniqueOrThrow({ where: { id: seeded.courseId }, select: { ownerId: true } });
  const viewer = await findViewerById(course.ownerId ?? "");
  return {
    engine: databaseEngine(),
    book: comparable(await getGradebook(viewer, seeded.courseId)),
    gradebookCsv: (await getGradebookCsv(viewer, seeded.courseId)).csv,
    submissionsCsv: (await getSubmissionsCsv(viewer, seeded.courseId)).csv,
  };
}

describe("gradebook statistics on SQLite and PostgreSQL", () => {
  it("are identical for the same class: every cell, total, rate, median, histogram and mistake count, and both CSVs", async () => {
    const onPostgres = await seedAndRead();

    const file = path.join(dir, "same-class.db");
    const deploy = spawnSync(...binCommand("prisma", ["migrate", "deploy"]), { cwd: root, env: { ...process.env, DATABASE_URL: `file:${file}` }, encoding: "utf8" });
    expect(deploy.status, deploy.stderr).toBe(0);
    process.env.DATABASE_URL = `file:${file}`;
    const onSqlite = await seedAndRead();
    process.env.DATABASE_URL = postgresUrl;

    expect([onPostgres.engine, onSqlite.engine]).toEqual(["postgresql", "sqlite"]);
    expect(onPostgres.book).toEqual(onSqlite.book);
    expect(onPostgres.gradebookCsv).toBe(onSqlite.gradebookCsv);
    expect(onPostgres.submissionsCsv).toBe(onSqlite.submissionsCsv);
    // A class with something to compare: solved and unsolved cells, medians and known mistakes.
    const book = onSqlite.book as { itemStats: { medianAttemptsToSolve: number | null }[]; analytics: { items: { mistakes: unknown[] }[] } };
    expect(book.analytics.items.some((s) => s.mistakes.length > 0)).toBe(true);
    expect(book.itemStats.some((s) => s.medianAttemptsToSolve !== null)).toBe(true);
  }, 120_000);
});
