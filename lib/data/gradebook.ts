import "server-only";
import { z } from "zod";
import { gradebookCsv, submissionsCsv, type SubmissionCsvRow } from "@/lib/gradebook/export";
import { buildGradebook, SOLVED_AT, type Cell, type DiagnosisHit, type Gradebook, type GradebookItem } from "@/lib/gradebook/stats";
import { db } from "./db";
import type { Viewer } from "./access";
import { requireCourseInstructor, type ManagedCourse } from "./instructor-access";

// The grades dashboard's data: students × items with per-item statistics. The heavy lifting is
// two aggregate queries (one row per student × item, one per distinct diagnosis hit), so the
// page never loads submission bodies; lib/gradebook turns the rows into the matrix and the
// statistics. Measured by `npm run bench:dashboard` on 500 × 25
// (docs/decisions/032-gradebook-statistics-and-queries.md).

export interface GradebookDto extends Gradebook {
  course: ManagedCourse;
  students: number;
}

const mistakesMetaSchema = z.object({ mistakes: z.array(z.object({ id: z.string(), message: z.string() })).optional() });

/** Raw SQL returns DateTime either as Date or as the stored ISO text, depending on the driver. */
function epoch(v: unknown): number {
  if (v instanceof Date) return v.getTime();
  if (typeof v === "number") return v;
  return Date.parse(String(v));
}
const num = (v: unknown): number => (typeof v === "bigint" ? Number(v) : Number(v));

interface CellRow {
  userId: string;
  exerciseId: string;
  best: unknown;
  attempts: unknown;
  firstAt: unknown;
  lastAt: unknown;
  solvedAt: unknown;
  toSolve: unknown;
}

/** One row per (student, item) with any gradable attempt: submissions (Submit) and quiz answers. */
async function loadCells(courseId: string): Promise<Cell[]> {
  const rows = await db().$queryRaw<CellRow[]>`
    WITH a AS (
      SELECT s."userId" AS "userId", s."exerciseId" AS "exerciseId", s."createdAt" AS "at", s."score" AS "score"
        FROM "Submission" s JOIN "Exercise" e ON e."id" = s."exerciseId"
       WHERE e."courseId" = ${courseId} AND s."mode" = 'hidden' AND s."status" = 'graded' AND s."gradable" = true
      UNION ALL
      SELECT q."userId", q."exerciseId", q."createdAt", q."score"
        FROM "QuizAnswer" q JOIN "Exercise" e ON e."id" = q."exerciseId"
       WHERE e."courseId" = ${courseId} AND q."gradable" = true AND q."practice" = false
    ),
    solved AS (
      SELECT "userId", "exerciseId", MIN("at") AS "solvedAt" FROM a WHERE "score" >= ${SOLVED_AT} GROUP BY "userId", "exerciseId"
    )
    SELECT a."userId" AS "userId", a."exerciseId" AS "exerciseId", MAX(a."score") AS "best", COUNT(*) AS "attempts",
           MIN(a."at") AS "firstAt", MAX(a."at") AS "lastAt", MIN(solved."solvedAt") AS "solvedAt",
           SUM(CASE WHEN solved."solvedAt" IS NOT NULL AND a."at" <= solved."solvedAt" THEN 1 ELSE 0 END) AS "toSolve"
      FROM a LEFT JOIN solved ON solved."userId" = a."userId" AND solved."exerciseId" = a."exerciseId"
     GROUP BY a."userId", a."exerciseId"`;
  return rows.map((r) => {
    const solvedAt = r.solvedAt === null || r.solvedAt === undefined ? null : epoch(r.solvedAt);
    return {
      userId: r.userId,
      itemId: r.exerciseId,
      bestScore: num(r.best),
      attempts: num(r.attempts),
      firstAt: epoch(r.firstAt),
      lastAt: epoch(r.lastAt),
      solvedAt,
      attemptsToSolve: solvedAt === null ? null : num(r.toSolve),
    };
  });
}

/**
 * Distinct (item, diagnosis, student) triples of graded code submissions. SQLite's json_extract;
 * on PostgreSQL this one expression becomes result->'diagnosis'->>'id'.
 */
async function loadDiagnoses(courseId: string): Promise<DiagnosisHit[]> {
  const rows = await db().$queryRaw<{ itemId: string; diagnosisId: string; userId: string }[]>`
    SELECT DISTINCT s."exerciseId" AS "itemId", json_extract(s."result", '$.diagnosis.id') AS "diagnosisId", s."userId" AS "userId"
      FROM "Submission" s JOIN "Exercise" e ON e."id" = s."exerciseId"
     WHERE e."courseId" = ${courseId} AND e."kind" = 'code' AND s."mode" = 'hidden' AND s."status" = 'graded'
       AND json_extract(s."result", '$.diagnosis.id') IS NOT NULL`;
  return rows.map((r) => ({ itemId: r.itemId, diagnosisId: String(r.diagnosisId), userId: r.userId }));
}

async function loadItems(courseId: string): Promise<{ items: GradebookItem[]; messages: Map<string, Map<string, string>> }> {
  const rows = await db().exercise.findMany({
    where: { courseId },
    orderBy: [{ order: "asc" }, { slug: "asc" }],
    select: { id: true, slug: true, title: true, kind: true, points: true, hidden: true, currentVersion: { select: { meta: true } } },
  });
  const messages = new Map<string, Map<string, string>>();
  for (const r of rows) {
    const meta = mistakesMetaSchema.safeParse(r.currentVersion?.meta);
    if (meta.success && meta.data.mistakes) messages.set(r.id, new Map(meta.data.mistakes.map((m) => [m.id, m.message])));
  }
  return { items: rows.map(({ currentVersion: _v, ...item }) => item), messages };
}

async function loadStudents(courseId: string) {
  const rows = await db().enrollment.findMany({
    where: { courseId, user: { role: "student" } },
    select: { user: { select: { id: true, name: true, email: true } } },
    orderBy: { user: { email: "asc" } },
  });
  return rows.map((r) => r.user);
}

export async function getGradebook(viewer: Viewer | null, courseId: string): Promise<GradebookDto> {
  const { course } = await requireCourseInstructor(viewer, courseId);
  const [{ items, messages }, students, cells, diagnoses] = await Promise.all([
    loadItems(course.id),
    loadStudents(course.id),
    loadCells(course.id),
    loadDiagnoses(course.id),
  ]);
  const book = buildGradebook({ students, items, cells, diagnoses, mistakeMessages: messages });
  return { ...book, course, students: students.length };
}

/** The gradebook CSV (UTF-8 with BOM): one row per student, one column per item, total. */
export async function getGradebookCsv(viewer: Viewer | null, courseId: string): Promise<{ filename: string; csv: string }> {
  const book = await getGradebook(viewer, courseId);
  return { filename: `${book.course.slug}-gradebook.csv`, csv: gradebookCsv(book) };
}

/**
 * Every graded submission (Submit) and quiz answer of the course's students, one per row: like the
 * gradebook, only enrolled students; the staff's own previews are not class work.
 */
export async function getSubmissionsCsv(viewer: Viewer | null, courseId: string): Promise<{ filename: string; csv: string }> {
  const { course } = await requireCourseInstructor(viewer, courseId);
  const rows = await db().$queryRaw<
    { email: string; name: string | null; slug: string; title: string; kind: string; at: unknown; status: string; gradable: unknown; score: unknown; diagnosis: string | null; hash: string }[]
  >`
    SELECT u."email" AS "email", u."name" AS "name", e."slug" AS "slug", e."title" AS "title", 'code' AS "kind", s."createdAt" AS "at",
           s."status" AS "status", s."gradable" AS "gradable", s."score" AS "score",
           json_extract(s."result", '$.diagnosis.id') AS "diagnosis", v."contentHash" AS "hash"
      FROM "Submission" s JOIN "Exercise" e ON e."id" = s."exerciseId" JOIN "User" u ON u."id" = s."userId"
      JOIN "ExerciseVersion" v ON v."id" = s."exerciseVersionId"
     WHERE e."courseId" = ${course.id} AND s."mode" = 'hidden' AND u."role" = 'student'
       AND EXISTS (SELECT 1 FROM "Enrollment" n WHERE n."userId" = u."id" AND n."courseId" = e."courseId")
    UNION ALL
    SELECT u."email", u."name", e."slug", e."title", 'quiz', q."createdAt", 'graded', q."gradable", q."score", NULL, v."contentHash"
      FROM "QuizAnswer" q JOIN "Exercise" e ON e."id" = q."exerciseId" JOIN "User" u ON u."id" = q."userId"
      JOIN "ExerciseVersion" v ON v."id" = q."exerciseVersionId"
     WHERE e."courseId" = ${course.id} AND u."role" = 'student' AND q."practice" = false
       AND EXISTS (SELECT 1 FROM "Enrollment" n WHERE n."userId" = u."id" AND n."courseId" = e."courseId")
     ORDER BY 6, 1`;
  const out: SubmissionCsvRow[] = rows.map((r) => ({
    email: r.email,
    name: r.name,
    itemSlug: r.slug,
    itemTitle: r.title,
    kind: r.kind === "quiz" ? "quiz" : "code",
    at: new Date(epoch(r.at)),
    status: r.status,
    gradable: r.gradable === null ? null : Boolean(num(r.gradable)),
    score: r.score === null ? null : num(r.score),
    diagnosis: r.diagnosis,
    versionHash: r.hash,
  }));
  return { filename: `${course.slug}-submissions.csv`, csv: submissionsCsv(out) };
}
