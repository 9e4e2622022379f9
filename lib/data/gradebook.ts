import "server-only";
import { z } from "zod";
import { localizedTextSchema, textIn, titleIn, viewerLocale, type ContentLocale } from "@/lib/exercises/i18n";
import { chartTable, type ChartKind } from "@/lib/gradebook/charts";
import { toCsv } from "@/lib/gradebook/csv";
import { gradebookCsv, submissionsCsv, type SubmissionCsvRow } from "@/lib/gradebook/export";
import { itemAnalytics, solvedPerDay, type AttemptRow, type DayCount, type ItemAnalytics } from "@/lib/gradebook/analytics";
import { buildGradebook, cellsFromAttempts, type Gradebook, type GradebookItem } from "@/lib/gradebook/stats";
import { creditFactorFor, loadCourseRules } from "./credit";
import { db } from "./db";
import type { Viewer } from "./access";
import { requireCourseInstructor, type ManagedCourse } from "./instructor-access";
import type { Locale } from "@/lib/i18n/locales";

// The grades dashboard's data: students × items with raw and credited scores, per-item statistics
// and the analytics behind its charts. One query reads every graded attempt's time, raw score and
// diagnosis (never a submission body); lib/gradebook folds them into the matrix, the statistics
// and the charts, and lib/data/credit.ts supplies the late policies. Measured by
// `npm run bench:dashboard` on 500 × 25 (docs/decisions/032, 082).

export interface GradebookDto extends Gradebook {
  course: ManagedCourse;
  timeZone: string;
  students: number;
  analytics: { items: ItemAnalytics[]; solvedPerDay: DayCount[] };
}

const mistakesMetaSchema = z.object({ mistakes: z.array(z.object({ id: z.string(), message: localizedTextSchema })).optional() });

/** Raw SQL returns DateTime either as Date or as the stored ISO text, depending on the driver. */
function epoch(v: unknown): number {
  if (v instanceof Date) return v.getTime();
  if (typeof v === "number") return v;
  return Date.parse(String(v));
}
const num = (v: unknown): number => (typeof v === "bigint" ? Number(v) : Number(v));

interface AttemptSqlRow {
  userId: string;
  exerciseId: string;
  at: unknown;
  score: unknown;
  diagnosisId: unknown;
}

/**
 * Every gradable graded attempt of the course (Submit of a code item, quiz answer), in no particular
 * order (lib/gradebook sorts where order matters, so both engines give the same figures): time, raw
 * score and the diagnosed mistake. No submission body is loaded. The cells, credited
 * scores and every chart are folded from these rows in lib/gradebook.
 */
async function loadAttempts(courseId: string): Promise<AttemptRow[]> {
  const rows = await db().$queryRaw<AttemptSqlRow[]>`
    SELECT s."userId" AS "userId", s."exerciseId" AS "exerciseId", s."createdAt" AS "at", s."score" AS "score",
           s."result" -> 'diagnosis' ->> 'id' AS "diagnosisId"
      FROM "Submission" s JOIN "Exercise" e ON e."id" = s."exerciseId"
     WHERE e."courseId" = ${courseId} AND s."mode" = 'hidden' AND s."status" = 'graded' AND s."gradable" = true
    UNION ALL
    SELECT q."userId", q."exerciseId", q."createdAt", q."score", NULL
      FROM "QuizAnswer" q JOIN "Exercise" e ON e."id" = q."exerciseId"
     WHERE e."courseId" = ${courseId} AND q."gradable" = true AND q."practice" = false`;
  return rows.map((r) => ({
    userId: r.userId,
    itemId: r.exerciseId,
    at: epoch(r.at),
    score: num(r.score),
    diagnosisId: typeof r.diagnosisId === "string" ? r.diagnosisId : null,
  }));
}

/** The items with their titles and mistake diagnoses in the instructor's language. */
async function loadItems(courseId: string, locale: ContentLocale): Promise<{ items: GradebookItem[]; messages: Map<string, Map<string, string>> }> {
  const rows = await db().exercise.findMany({
    where: { courseId },
    orderBy: [{ order: "asc" }, { slug: "asc" }],
    select: { id: true, slug: true, title: true, kind: true, points: true, hidden: true, currentVersion: { select: { meta: true } } },
  });
  const messages = new Map<string, Map<string, string>>();
  for (const r of rows) {
    const meta = mistakesMetaSchema.safeParse(r.currentVersion?.meta);
    if (meta.success && meta.data.mistakes) messages.set(r.id, new Map(meta.data.mistakes.map((m) => [m.id, textIn(m.message, locale).text])));
  }
  return { items: rows.map(({ currentVersion: v, ...item }) => ({ ...item, title: titleIn(v?.meta, item.title, locale).text })), messages };
}

async function loadStudents(courseId: string) {
  const rows = await db().enrollment.findMany({
    where: { courseId, user: { role: "student" } },
    select: { user: { select: { id: true, name: true, email: true } } },
    orderBy: { user: { email: "asc" } },
  });
  return rows.map((r) => r.user);
}

export function getGradebook(viewer: Viewer | null, courseId: string): Promise<GradebookDto> {
  return loadGradebook(viewer, courseId, { analytics: true });
}

/** `locale`: the titles' language; a CSV download passes its headers' language so a header never mixes two. */
async function loadGradebook(viewer: Viewer | null, courseId: string, options: { analytics: boolean; locale?: ContentLocale }): Promise<GradebookDto> {
  const { course } = await requireCourseInstructor(viewer, courseId);
  const [{ items, messages }, students, attempts, rules] = await Promise.all([loadItems(course.id, options.locale ?? viewerLocale(viewer)), loadStudents(course.id), loadAttempts(course.id), loadCourseRules(course.id)]);
  // Credited scores: only items of an assignment have a policy to apply.
  const credit = rules.byExercise.size === 0 ? undefined : (userId: string, itemId: string, at: number) => creditFactorFor(rules, userId, itemId, at);
  const cells = cellsFromAttempts(attempts, credit);
  const book = buildGradebook({ students, items, cells });
  const enrolled = new Set(students.map((s) => s.id));
  // The CSV export needs none of the charts' numbers.
  const analytics = {
    items: options.analytics ? itemAnalytics(items, cells, attempts, messages, enrolled) : [],
    solvedPerDay: options.analytics ? solvedPerDay(cells.filter((c) => enrolled.has(c.userId)), rules.timeZone) : [],
  };
  return { ...book, course, timeZone: rules.timeZone, students: students.length, analytics };
}

/** One dashboard chart's data as CSV (the rows of its accessible table). Null: no such chart or item. */
export async function getChartCsv(viewer: Viewer | null, courseId: string, kind: ChartKind, itemId: string | null, locale: Locale = "en"): Promise<{ filename: string; csv: string } | null> {
  const book = await loadGradebook(viewer, courseId, { analytics: true, locale });
  const table = chartTable(book, kind, itemId, locale);
  if (!table) return null;
  const slug = itemId === null ? "" : `-${book.items.find((i) => i.id === itemId)?.slug ?? ""}`;
  return { filename: `${book.course.slug}-${kind}${slug}.csv`, csv: toCsv(table.columns, table.rows) };
}

/** The gradebook CSV (UTF-8 with BOM): one row per student, one column per item, total. */
export async function getGradebookCsv(viewer: Viewer | null, courseId: string, locale: Locale = "en"): Promise<{ filename: string; csv: string }> {
  const book = await loadGradebook(viewer, courseId, { analytics: false, locale });
  return { filename: `${book.course.slug}-gradebook.csv`, csv: gradebookCsv(book, locale) };
}

/**
 * Every graded submission (Submit) and quiz answer of the course's students, one per row: like the
 * gradebook, only enrolled students; the staff's own previews are not class work. Ordered by time,
 * then by every column (NULLs first, as SQLite does by default), so rows of the same moment come
 * in the same order on both engines.
 */
export async function getSubmissionsCsv(viewer: Viewer | null, courseId: string, locale: Locale = "en"): Promise<{ filename: string; csv: string }> {
  const { course } = await requireCourseInstructor(viewer, courseId);
  const rows = await db().$queryRaw<
    { email: string; name: string | null; slug: string; title: string; kind: string; at: unknown; status: string; gradable: unknown; score: unknown; diagnosis: string | null; hash: string }[]
  >`
    SELECT u."email" AS "email", u."name" AS "name", e."slug" AS "slug", e."title" AS "title", 'code' AS "kind", s."createdAt" AS "at",
           s."status" AS "status", s."gradable" AS "gradable", s."score" AS "score",
           s."result" -> 'diagnosis' ->> 'id' AS "diagnosis", v."contentHash" AS "hash"
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
     ORDER BY 6, 1, 3, 5, 7, 8 NULLS FIRST, 9 NULLS FIRST, 10 NULLS FIRST`;
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
  return { filename: `${course.slug}-submissions.csv`, csv: submissionsCsv(out, locale) };
}
