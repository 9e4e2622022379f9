import "server-only";
import type { GradeError, GradeResult } from "@/lib/grading/contract";
import { creditedBest, creditFactor, latePolicySchema, submitVerdict, type AssignmentRules, type CreditedCell, type LatePolicy, type StudentExtension, type TimedScore } from "@/lib/assignments/policy";
import { resolveTimeZone } from "@/lib/i18n/time-zone";
import { db, readOne, sqliteDate } from "./db";
import type { StudentAccess } from "./student-access";
import { formatTime } from "@/lib/i18n/format";
import type { Locale } from "@/lib/i18n/locales";
import { userText } from "@/lib/i18n/user-text";

// Course running on the submission path (docs/decisions/080, 081): may this viewer submit to this
// item now, under which rules, and may they see the result? One prepared statement per submission
// reads the item's assignment, the student's extension, exam start and extra attempts. Credited
// scores are never stored: they are computed from the stored raw scores and submission times
// whenever they are shown, so a policy or an extension change never loses a raw score and takes
// effect everywhere at once.

/** An Assignment row's policy columns as the pure policy type (a malformed row: no late work). */
export function latePolicyOf(row: { latePolicy: string; latePenalty: number; lateFloor: number; lateUntil: Date | null; lateFactor: number }): LatePolicy {
  const parsed = latePolicySchema.safeParse(
    row.latePolicy === "until"
      ? { kind: "until", until: row.lateUntil?.getTime() ?? 0, factor: row.lateFactor }
      : row.latePolicy === "per-day" || row.latePolicy === "per-hour"
        ? { kind: row.latePolicy, penalty: row.latePenalty, floor: row.lateFloor }
        : { kind: row.latePolicy },
  );
  return parsed.success ? parsed.data : { kind: "none" };
}

export interface AssignmentRow {
  releaseAt: Date;
  dueAt: Date;
  latePolicy: string;
  latePenalty: number;
  lateFloor: number;
  lateUntil: Date | null;
  lateFactor: number;
  isExam: boolean;
  examMinutes: number | null;
}

export function rulesOf(row: AssignmentRow): AssignmentRules {
  return { releaseAt: row.releaseAt.getTime(), dueAt: row.dueAt.getTime(), policy: latePolicyOf(row), isExam: row.isExam, examMinutes: row.examMinutes };
}

export function extensionOf(row: { dueAt: Date | null; extraMinutes: number } | null | undefined): StudentExtension | null {
  return row ? { dueAt: row.dueAt?.getTime() ?? null, extraMinutes: row.extraMinutes } : null;
}

/** What the submission path knows about one item for one student. */
export interface ItemRules {
  timeZone: string;
  extraAttempts: number;
  assignment: {
    id: string;
    rules: AssignmentRules;
    extension: StudentExtension | null;
    startedAt: number | null;
    /** An exam whose results are not released: students see "submitted", never a score. */
    resultsHidden: boolean;
    publicTestsInExam: boolean;
  } | null;
}

// Portable SQL (quoted identifiers, `?` placeholders, no dialect functions: decision 057 on the
// PostgreSQL branch). Read either through the submission path's prepared-statement connection
// (readOne, like the access check in lib/data/student-access.ts) or, where a row is stored, inside
// the store transaction itself (sql.get), so the check and the write see the same rules.
export const ITEM_RULES_SQL = `
  SELECT c."timeZone", w."extraAttempts", a."id" AS "assignmentId", a."releaseAt", a."dueAt", a."latePolicy", a."latePenalty",
    a."lateFloor", a."lateUntil", a."lateFactor", a."isExam", a."examMinutes", a."publicTestsInExam", a."resultsReleasedAt",
    x."dueAt" AS "extDueAt", x."extraMinutes" AS "extMinutes", s."startedAt"
  FROM "Exercise" e
  JOIN "Course" c ON c."id" = e."courseId"
  LEFT JOIN "ItemAllowance" w ON w."exerciseId" = e."id" AND w."userId" = ?
  LEFT JOIN "AssignmentItem" i ON i."exerciseId" = e."id"
  LEFT JOIN "Assignment" a ON a."id" = i."assignmentId"
  LEFT JOIN "Extension" x ON x."assignmentId" = a."id" AND x."userId" = ?
  LEFT JOIN "ExamStart" s ON s."assignmentId" = a."id" AND s."userId" = ?
  WHERE e."id" = ?`;

/** ITEM_RULES_SQL's parameters. */
export function itemRulesParams(userId: string, exerciseId: string): [string, string, string, string] {
  return [userId, userId, userId, exerciseId];
}

/** A row of ITEM_RULES_SQL in the storage shape both engines return (booleans 0/1, dates as text). */
export interface ItemRulesRow {
  timeZone: string;
  extraAttempts: number | null;
  assignmentId: string | null;
  releaseAt: string;
  dueAt: string;
  latePolicy: string;
  latePenalty: number;
  lateFloor: number;
  lateUntil: string | null;
  lateFactor: number;
  isExam: number;
  examMinutes: number | null;
  publicTestsInExam: number;
  resultsReleasedAt: string | null;
  extDueAt: string | null;
  extMinutes: number | null;
  startedAt: string | null;
}

const date = (v: string | null): Date | null => (v === null ? null : sqliteDate(v));

/** An ITEM_RULES_SQL row as rules (no row, an unknown item: no assignment, no extra attempts). */
export function itemRulesFromRow(row: ItemRulesRow | undefined): ItemRules {
  if (!row) return { timeZone: "UTC", extraAttempts: 0, assignment: null };
  const extraAttempts = row.extraAttempts ?? 0;
  if (row.assignmentId === null) return { timeZone: row.timeZone, extraAttempts, assignment: null };
  const rules = rulesOf({
    releaseAt: sqliteDate(row.releaseAt),
    dueAt: sqliteDate(row.dueAt),
    latePolicy: row.latePolicy,
    latePenalty: row.latePenalty,
    lateFloor: row.lateFloor,
    lateUntil: date(row.lateUntil),
    lateFactor: row.lateFactor,
    isExam: row.isExam !== 0,
    examMinutes: row.examMinutes,
  });
  return {
    timeZone: row.timeZone,
    extraAttempts,
    assignment: {
      id: row.assignmentId,
      rules,
      extension: row.extMinutes === null ? null : { dueAt: date(row.extDueAt)?.getTime() ?? null, extraMinutes: row.extMinutes },
      startedAt: date(row.startedAt)?.getTime() ?? null,
      resultsHidden: rules.isExam && row.resultsReleasedAt === null,
      publicTestsInExam: row.publicTestsInExam !== 0,
    },
  };
}

/** The item's rules for `userId`, off the store transaction (pages, results). */
export async function readItemRules(userId: string, exerciseId: string): Promise<ItemRules> {
  return itemRulesFromRow(await readOne<ItemRulesRow>(ITEM_RULES_SQL, ...itemRulesParams(userId, exerciseId)));
}

export type SubmissionPermit =
  | { ok: true; extraAttempts: number; withholdResults: boolean }
  | { ok: false; message: string };

/**
 * Course running's check on the submission path: may the viewer submit to this item at `now` (the
 * time stored with the submission), and are its results to be withheld? Staff previewing an item
 * are never held to its dates. Pure: the caller reads `item` inside the transaction that stores
 * the row (startCodeSubmission, answerQuiz), so nothing is stored half-way or under stale rules.
 */
/** `locale` and `readerZone`: the student's language and time zone, in which a refusal's times are written. */
export function permitSubmission(access: Pick<StudentAccess, "staff" | "archived">, item: ItemRules, now: Date, mode: "public" | "hidden" | "quiz", locale: Locale = "en", readerZone?: string | null): SubmissionPermit {
  if (access.staff) return { ok: true, extraAttempts: 0, withholdResults: false };
  // An archived course is read-only for its students (decision 122); staff may still try items.
  if (access.archived) return { ok: false, message: userText("errors.courseArchived") };
  const a = item.assignment;
  if (!a) return { ok: true, extraAttempts: item.extraAttempts, withholdResults: false };
  const verdict = submitVerdict(a.rules, a.extension, a.startedAt, now.getTime(), (t) => formatTime(t, { zone: resolveTimeZone(readerZone, item.timeZone), locale }));
  if (!verdict.ok) return { ok: false, message: verdict.message };
  if (mode === "public" && a.resultsHidden && !a.publicTestsInExam) return { ok: false, message: userText("errors.publicTestsOffExam") };
  return { ok: true, extraAttempts: item.extraAttempts, withholdResults: a.resultsHidden && !(mode === "public" && a.publicTestsInExam) };
}

/** What a student sees of a result while an exam's results are hidden: that it was stored, and a syntax error (it cost nothing). */
export interface WithheldResult {
  gradable: boolean;
  /** Only for a submission that could not be graded (e.g. a syntax error): nothing about the tests. */
  error: GradeError | null;
}

export function withheldResult(result: GradeResult): WithheldResult {
  return { gradable: result.gradable, error: result.gradable ? null : (result.error ?? null) };
}

/** exercise.json attempts.max plus the student's extra attempts (null: unlimited stays unlimited). */
export function effectiveMaxAttempts(maxAttempts: number | null, extraAttempts: number): number | null {
  return maxAttempts === null ? null : maxAttempts + extraAttempts;
}

/**
 * The attempt limit a viewer works under: none for the course's staff, whose tries on the student
 * pages are previews (they are not students of the course: nothing of theirs reaches a gradebook).
 */
export function attemptLimitFor(access: { staff: boolean }, maxAttempts: number | null, extraAttempts: number): number | null {
  return access.staff ? null : effectiveMaxAttempts(maxAttempts, extraAttempts);
}

/** Whether `userId` is an instructor on the staff of the course of `exerciseId`. */
export async function isItemStaff(userId: string, exerciseId: string): Promise<boolean> {
  return (await readOne<{ staff: number }>(STAFF_SQL, userId, exerciseId)) !== undefined;
}

// ---------------------------------------------------------------------------------------------
// Credited scores for pages and exports (off the submission path).

/** Every assignment of a course with its items and every student's extension and exam start. */
export interface CourseRules {
  timeZone: string;
  assignments: {
    id: string;
    title: string;
    rules: AssignmentRules;
    resultsReleasedAt: Date | null;
    publicTestsInExam: boolean;
    exerciseIds: string[];
    /** userId → extension */
    extensions: Map<string, StudentExtension>;
    /** userId → start of their exam */
    starts: Map<string, number>;
  }[];
  /** exerciseId → index into `assignments` */
  byExercise: Map<string, number>;
}

export const assignmentSelect = {
  id: true,
  title: true,
  position: true,
  releaseAt: true,
  dueAt: true,
  latePolicy: true,
  latePenalty: true,
  lateFloor: true,
  lateUntil: true,
  lateFactor: true,
  isExam: true,
  examMinutes: true,
  publicTestsInExam: true,
  resultsReleasedAt: true,
} as const;

/** The course's rules; `userId` narrows extensions and starts to one student (student pages). */
export async function loadCourseRules(courseId: string, userId?: string): Promise<CourseRules> {
  const [course, rows] = await Promise.all([
    db().course.findUniqueOrThrow({ where: { id: courseId }, select: { timeZone: true } }),
    db().assignment.findMany({
      where: { courseId },
      orderBy: [{ position: "asc" }, { dueAt: "asc" }],
      select: {
        ...assignmentSelect,
        items: { orderBy: { position: "asc" }, select: { exerciseId: true } },
        extensions: { where: userId === undefined ? {} : { userId }, select: { userId: true, dueAt: true, extraMinutes: true } },
        examStarts: { where: userId === undefined ? {} : { userId }, select: { userId: true, startedAt: true } },
      },
    }),
  ]);
  const byExercise = new Map<string, number>();
  const assignments = rows.map((a, index) => {
    for (const it of a.items) byExercise.set(it.exerciseId, index);
    return {
      id: a.id,
      title: a.title,
      rules: rulesOf(a),
      resultsReleasedAt: a.resultsReleasedAt,
      publicTestsInExam: a.publicTestsInExam,
      exerciseIds: a.items.map((i) => i.exerciseId),
      extensions: new Map(a.extensions.map((x) => [x.userId, extensionOf(x) ?? { dueAt: null, extraMinutes: 0 }])),
      starts: new Map(a.examStarts.map((s) => [s.userId, s.startedAt.getTime()])),
    };
  });
  return { timeZone: course.timeZone, assignments, byExercise };
}

/** The raw and credited best of one student's attempts at one item under the course's rules. */
export function creditedCell(rules: CourseRules, userId: string, exerciseId: string, attempts: readonly TimedScore[]): CreditedCell {
  const index = rules.byExercise.get(exerciseId);
  const a = index === undefined ? undefined : rules.assignments[index];
  if (!a) return creditedBest(attempts, null, null);
  return creditedBest(attempts, a.rules, a.extensions.get(userId) ?? null);
}

/** What a submission stored at `at` would earn for this student on this item. */
export function creditFactorFor(rules: CourseRules, userId: string, exerciseId: string, at: number): number {
  const index = rules.byExercise.get(exerciseId);
  const a = index === undefined ? undefined : rules.assignments[index];
  return a ? creditFactor(a.rules, a.extensions.get(userId) ?? null, at) : 1;
}

const STAFF_SQL = `
  SELECT 1 AS "staff" FROM "Exercise" e JOIN "Course" c ON c."id" = e."courseId" JOIN "User" u ON u."id" = ?
  WHERE e."id" = ? AND u."role" = 'instructor'
    AND (c."ownerId" = u."id" OR EXISTS (SELECT 1 FROM "CourseInstructor" t WHERE t."courseId" = c."id" AND t."userId" = u."id"))`;

/**
 * Whether the student is shown only "submitted" for a result on this item: an exam whose results
 * are not released (public runs excepted where the exam allows them). The course's staff always
 * see results; that is looked up only when something is hidden.
 */
export async function resultsWithheld(item: ItemRules, userId: string, exerciseId: string, mode: "public" | "hidden" | "quiz"): Promise<boolean> {
  const a = item.assignment;
  if (!a?.resultsHidden || (mode === "public" && a.publicTestsInExam)) return false;
  return !(await isItemStaff(userId, exerciseId));
}

/**
 * The student's credited best on one item of an assignment, from their own graded attempts (one
 * indexed read of a few rows): what the item page shows as "best score" after a late submission.
 */
export async function creditedBestOf(userId: string, exerciseId: string, item: ItemRules): Promise<number> {
  const a = item.assignment;
  const where = { userId, exerciseId };
  const [subs, answers] = await Promise.all([
    db().submission.findMany({ where: { ...where, mode: "hidden", status: "graded", gradable: true }, select: { createdAt: true, score: true } }),
    db().quizAnswer.findMany({ where: { ...where, gradable: true, practice: false }, select: { createdAt: true, score: true } }),
  ]);
  const attempts = [...subs, ...answers].map((r) => ({ at: r.createdAt.getTime(), score: r.score ?? 0 }));
  return creditedBest(attempts, a?.rules ?? null, a?.extension ?? null).credited;
}
