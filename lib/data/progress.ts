import "server-only";
import { userText } from "@/lib/i18n/user-text";
import { z } from "zod";
import { db, sqliteDateText, type SqlWork, type SqlWriter } from "./db";
import { newRowId } from "./ids";
import { assertUser, type Viewer } from "./access";
import { findCourseForViewer } from "./enrollment";
import { effectiveMaxAttempts } from "./credit";
import type { StudentAssignmentDto } from "@/lib/assignments/policy";
import { getStudentSchedule } from "./student-assignments";
import { titleIn, viewerLocale } from "@/lib/exercises/i18n";

// Per-student progress: the course outline (status and best score per item), the "My progress"
// page, and the one function that turns a graded attempt into Progress.

export type ItemStatus = "not-started" | "attempted" | "solved";

export interface OutlineItemDto {
  exerciseId: string;
  slug: string;
  title: string;
  kind: string;
  points: number;
  order: number;
  status: ItemStatus;
  /** The score kept for the item, in [0, 1], after its assignment's late policy; 0 when never graded. */
  bestScore: number;
  /** The best raw score (what the grader gave); differs from bestScore only for late work. */
  rawScore: number;
  /** Graded attempts stored after the student's due time. */
  lateAttempts: number;
  /** An exam's results not released yet: bestScore and rawScore are 0 and not to be shown. */
  resultsHidden: boolean;
  attempts: number;
  /** null = unlimited (extra attempts granted to the student included) */
  maxAttempts: number | null;
  /** The item to attempt first while this one is locked (never for the course's staff). */
  lockedBy: { slug: string; title: string } | null;
  /** The assignment the item belongs to, if any. */
  assignmentId: string | null;
  /** Why the item cannot be opened yet (not released, exam not started); never for staff. */
  closedReason: string | null;
}

export interface CourseOutlineDto {
  id: string;
  slug: string;
  title: string;
  description: string;
  /** Archived (decision 122): the page says so; nothing takes submissions from students. */
  archived: boolean;
  items: OutlineItemDto[];
  /** The course's assignments with the viewer's own due times (items not in one: assignmentId null). */
  assignments: StudentAssignmentDto[];
  /** The server's time when the outline was built. */
  now: Date;
  solved: number;
  total: number;
  earnedPoints: number;
  totalPoints: number;
}

/** A score counts as solved at 100% (floating error aside). */
export const SOLVED_AT = 1 - 1e-9;

const metaAttemptsSchema = z.object({ attempts: z.object({ max: z.number().int().positive().nullable() }) });

const metaUnlockSchema = z.object({ unlockAfter: z.string() });

/** exercise.json `unlockAfter` of a stored version: the slug to attempt first, if any. */
export function unlockAfterOf(meta: unknown): string | null {
  const parsed = metaUnlockSchema.safeParse(meta);
  return parsed.success ? parsed.data.unlockAfter : null;
}

/** exercise.json `attempts.max` of a stored version; unlimited when absent or malformed. */
export function maxAttemptsOf(meta: unknown): number | null {
  const parsed = metaAttemptsSchema.safeParse(meta);
  return parsed.success ? parsed.data.attempts.max : null;
}

export function statusOf(progress: { bestScore: number; attempts: number } | undefined): ItemStatus {
  if (!progress || progress.attempts === 0) return "not-started";
  return progress.bestScore >= SOLVED_AT ? "solved" : "attempted";
}

/**
 * The outline a student sees: visible items in order with their own progress, and which are still
 * locked (lib/data/student-access.ts applies the same rule to opening and submitting). The
 * course's staff see every item, hidden ones too, and nothing locked.
 */
export async function getCourseOutline(viewer: Viewer | null, ref: string): Promise<CourseOutlineDto | null> {
  const user = assertUser(viewer);
  const found = await findCourseForViewer(user, ref);
  if (!found) return null;
  const { staff, ...course } = found;
  const locale = viewerLocale(user);
  const exercises = await db().exercise.findMany({
    where: { courseId: course.id, ...(staff ? {} : { hidden: false }) },
    orderBy: [{ order: "asc" }, { slug: "asc" }],
    select: {
      id: true,
      slug: true,
      title: true,
      kind: true,
      points: true,
      order: true,
      currentVersion: { select: { meta: true } },
      progress: { where: { userId: user.id }, select: { bestScore: true, attempts: true } },
      allowances: { where: { userId: user.id }, select: { extraAttempts: true } },
    },
  });
  const schedule = await getStudentSchedule(user.id, course.id, undefined, viewerLocale(user), user.timeZone);
  const bySlug = new Map(exercises.map((e) => [e.slug, e]));
  const items = exercises.map((e): OutlineItemDto => {
    const p = e.progress[0];
    const before = bySlug.get(unlockAfterOf(e.currentVersion?.meta) ?? "");
    const locked = !staff && before !== undefined && (before.progress[0]?.attempts ?? 0) === 0;
    const assignment = schedule.assignmentOf.get(e.id);
    const score = schedule.scores.get(e.id);
    const hidden = !staff && (score?.hidden ?? false);
    return {
      exerciseId: e.id,
      slug: e.slug,
      title: titleIn(e.currentVersion?.meta, e.title, locale).text,
      kind: e.kind,
      points: e.points,
      order: e.order,
      // Solved / attempted stay as the grader saw them (raw), except while an exam hides them.
      status: hidden && statusOf(p) === "solved" ? "attempted" : statusOf(p),
      bestScore: hidden ? 0 : (score?.credited ?? p?.bestScore ?? 0),
      rawScore: hidden ? 0 : (score?.raw ?? p?.bestScore ?? 0),
      lateAttempts: hidden ? 0 : (score?.late ?? 0),
      resultsHidden: hidden,
      attempts: p?.attempts ?? 0,
      maxAttempts: effectiveMaxAttempts(maxAttemptsOf(e.currentVersion?.meta), e.allowances[0]?.extraAttempts ?? 0),
      lockedBy: locked ? { slug: before.slug, title: titleIn(before.currentVersion?.meta, before.title, locale).text } : null,
      assignmentId: assignment?.id ?? null,
      closedReason: staff ? null : closedReasonOf(assignment),
    };
  });
  return {
    ...course,
    items,
    assignments: schedule.assignments,
    now: schedule.now,
    solved: items.filter((i) => i.status === "solved").length,
    total: items.length,
    earnedPoints: items.reduce((s, i) => s + i.bestScore * i.points, 0),
    totalPoints: items.reduce((s, i) => s + i.points, 0),
  };
}

/** Why an item of this assignment cannot be opened now: not released, or an exam not yet started. */
export function closedReasonOf(assignment: StudentAssignmentDto | undefined): string | null {
  if (!assignment) return null;
  if (!assignment.released) return assignment.closedReason;
  if (assignment.exam?.mayStart) return userText("courses.startExamFirst");
  return null;
}

export interface ActivityDto {
  at: Date;
  courseSlug: string;
  itemSlug: string;
  itemTitle: string;
  kind: "submission" | "answer";
  score: number | null;
  gradable: boolean | null;
  /** An exam's result not released yet: the score is not shown. */
  withheld: boolean;
}

export interface MyProgressDto {
  courses: CourseOutlineDto[];
  recent: ActivityDto[];
}

/** Every course the viewer is enrolled in, with progress, plus their latest graded activity. */
export async function getMyProgress(viewer: Viewer | null): Promise<MyProgressDto> {
  const user = assertUser(viewer);
  const enrollments = await db().enrollment.findMany({
    where: { userId: user.id },
    orderBy: { createdAt: "asc" },
    select: { course: { select: { id: true } } },
  });
  const courses: CourseOutlineDto[] = [];
  for (const e of enrollments) {
    const outline = await getCourseOutline(user, e.course.id);
    if (outline) courses.push(outline);
  }
  const exerciseSelect = { select: { id: true, slug: true, title: true, course: { select: { slug: true } } } } as const;
  // An exam's scores stay hidden here too until its results are released.
  const hidden = new Set(courses.flatMap((c) => c.items.filter((i) => i.resultsHidden).map((i) => i.exerciseId)));
  const [subs, answers] = await Promise.all([
    db().submission.findMany({
      where: { userId: user.id, mode: "hidden" },
      orderBy: { createdAt: "desc" },
      take: 10,
      select: { createdAt: true, score: true, gradable: true, exercise: exerciseSelect },
    }),
    db().quizAnswer.findMany({
      where: { userId: user.id, practice: false },
      orderBy: { createdAt: "desc" },
      take: 10,
      select: { createdAt: true, score: true, gradable: true, exercise: exerciseSelect },
    }),
  ]);
  // Titles in the reader's language, as the outlines above have them.
  const titleOf = new Map(courses.flatMap((c) => c.items.map((i) => [i.exerciseId, i.title] as const)));
  const recent: ActivityDto[] = [
    ...subs.map((s) => ({ at: s.createdAt, courseSlug: s.exercise.course.slug, itemSlug: s.exercise.slug, itemTitle: titleOf.get(s.exercise.id) ?? s.exercise.title, kind: "submission" as const, score: hidden.has(s.exercise.id) ? null : s.score, gradable: s.gradable, withheld: hidden.has(s.exercise.id) })),
    ...answers.map((a) => ({ at: a.createdAt, courseSlug: a.exercise.course.slug, itemSlug: a.exercise.slug, itemTitle: titleOf.get(a.exercise.id) ?? a.exercise.title, kind: "answer" as const, score: hidden.has(a.exercise.id) ? null : a.score, gradable: a.gradable, withheld: hidden.has(a.exercise.id) })),
  ]
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .slice(0, 10);
  return { courses, recent };
}

/**
 * Records one graded (gradable) attempt inside the caller's write transaction (db.ts), so the
 * attempt and the submission/answer row are written together: best score kept, completedAt set on
 * the first solve, and the attempt counted unless it was already counted when reserved
 * (reserveAttempt). One upsert computing the new values from the stored ones, so attempts graded
 * at the same moment on PostgreSQL (row locks, not one writer) cannot overwrite each other.
 */
export function* applyGradedAttempt(
  sql: SqlWriter,
  userId: string,
  exerciseId: string,
  score: number,
  { reserved = false }: { reserved?: boolean } = {},
): SqlWork<{ bestScore: number; attempts: number }> {
  const now = sqliteDateText(new Date());
  const row = yield* sql.get<{ bestScore: number; attempts: number }>(
    `INSERT INTO "Progress" ("id", "userId", "exerciseId", "bestScore", "attempts", "completedAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT ("userId", "exerciseId") DO UPDATE SET
       "bestScore" = CASE WHEN excluded."bestScore" > "Progress"."bestScore" THEN excluded."bestScore" ELSE "Progress"."bestScore" END,
       "attempts" = "Progress"."attempts" + excluded."attempts",
       "completedAt" = COALESCE("Progress"."completedAt", excluded."completedAt"), "updatedAt" = excluded."updatedAt"
     RETURNING "bestScore", "attempts"`,
    newRowId(),
    userId,
    exerciseId,
    score,
    reserved ? 0 : 1,
    score >= SOLVED_AT ? now : null,
    now,
  );
  if (!row) throw new Error("progress upsert returned no row");
  return { bestScore: row.bestScore, attempts: row.attempts };
}

/**
 * Takes one attempt for `userId` on `exerciseId` if one is left (max null: unlimited), inside the
 * caller's write transaction, before the submission or answer row is written in the same one
 * (decision 069). The check and the count are one statement in one transaction, so requests sent
 * together cannot all see the same count and all pass. False when every attempt is used.
 */
export function* reserveAttempt(sql: SqlWriter, userId: string, exerciseId: string, maxAttempts: number | null): SqlWork<boolean> {
  const now = sqliteDateText(new Date());
  // CAST: PostgreSQL cannot infer the type of a parameter that is only tested for NULL.
  const taken = yield* sql.run(
    `INSERT INTO "Progress" ("id", "userId", "exerciseId", "bestScore", "attempts", "completedAt", "updatedAt") VALUES (?, ?, ?, 0, 1, NULL, ?)
     ON CONFLICT ("userId", "exerciseId") DO UPDATE SET "attempts" = "Progress"."attempts" + 1, "updatedAt" = excluded."updatedAt"
       WHERE CAST(? AS INTEGER) IS NULL OR "Progress"."attempts" < CAST(? AS INTEGER)`,
    newRowId(),
    userId,
    exerciseId,
    now,
    maxAttempts,
    maxAttempts,
  );
  return taken.changes === 1;
}

/** Gives back an attempt reserveAttempt took, when its submission turned out ungradable or failed. */
export function* releaseAttempt(sql: SqlWriter, userId: string, exerciseId: string): SqlWork<void> {
  yield* sql.run(
    `UPDATE "Progress" SET "attempts" = CASE WHEN "attempts" > 0 THEN "attempts" - 1 ELSE 0 END, "updatedAt" = ? WHERE "userId" = ? AND "exerciseId" = ?`,
    sqliteDateText(new Date()),
    userId,
    exerciseId,
  );
}
