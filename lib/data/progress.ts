import "server-only";
import { z } from "zod";
import { db, sqliteDate, sqliteDateText, type SqlWriter } from "./db";
import { newRowId } from "./ids";
import { assertUser, type Viewer } from "./access";
import { findCourseForViewer } from "./enrollment";

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
  /** In [0, 1]; 0 when never graded. */
  bestScore: number;
  attempts: number;
  /** null = unlimited */
  maxAttempts: number | null;
  /** The item to attempt first while this one is locked (never for the course's staff). */
  lockedBy: { slug: string; title: string } | null;
}

export interface CourseOutlineDto {
  id: string;
  slug: string;
  title: string;
  description: string;
  items: OutlineItemDto[];
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
    },
  });
  const bySlug = new Map(exercises.map((e) => [e.slug, e]));
  const items = exercises.map((e): OutlineItemDto => {
    const p = e.progress[0];
    const before = bySlug.get(unlockAfterOf(e.currentVersion?.meta) ?? "");
    const locked = !staff && before !== undefined && (before.progress[0]?.attempts ?? 0) === 0;
    return {
      exerciseId: e.id,
      slug: e.slug,
      title: e.title,
      kind: e.kind,
      points: e.points,
      order: e.order,
      status: statusOf(p),
      bestScore: p?.bestScore ?? 0,
      attempts: p?.attempts ?? 0,
      maxAttempts: maxAttemptsOf(e.currentVersion?.meta),
      lockedBy: locked ? { slug: before.slug, title: before.title } : null,
    };
  });
  return {
    ...course,
    items,
    solved: items.filter((i) => i.status === "solved").length,
    total: items.length,
    earnedPoints: items.reduce((s, i) => s + i.bestScore * i.points, 0),
    totalPoints: items.reduce((s, i) => s + i.points, 0),
  };
}

export interface ActivityDto {
  at: Date;
  courseSlug: string;
  itemSlug: string;
  itemTitle: string;
  kind: "submission" | "answer";
  score: number | null;
  gradable: boolean | null;
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
  const exerciseSelect = { select: { slug: true, title: true, course: { select: { slug: true } } } } as const;
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
  const recent: ActivityDto[] = [
    ...subs.map((s) => ({ at: s.createdAt, courseSlug: s.exercise.course.slug, itemSlug: s.exercise.slug, itemTitle: s.exercise.title, kind: "submission" as const, score: s.score, gradable: s.gradable })),
    ...answers.map((a) => ({ at: a.createdAt, courseSlug: a.exercise.course.slug, itemSlug: a.exercise.slug, itemTitle: a.exercise.title, kind: "answer" as const, score: a.score, gradable: a.gradable })),
  ]
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .slice(0, 10);
  return { courses, recent };
}

/**
 * Progress after a graded attempt: best score kept, completedAt set on the first solve, and the
 * attempt counted unless it was already counted when reserved (reserveAttempt).
 */
export function progressAfterAttempt(
  existing: { bestScore: number; attempts: number; completedAt: Date | null } | null | undefined,
  score: number,
  now: Date,
  { reserved = false }: { reserved?: boolean } = {},
): { bestScore: number; attempts: number; completedAt: Date | null } {
  return {
    bestScore: Math.max(existing?.bestScore ?? 0, score),
    attempts: (existing?.attempts ?? 0) + (reserved ? 0 : 1),
    completedAt: existing?.completedAt ?? (score >= SOLVED_AT ? now : null),
  };
}

/**
 * Records one graded (gradable) attempt inside the caller's write transaction (db.ts), so the
 * attempt and the submission/answer row are written together. `reserved`: the attempt was already
 * counted by reserveAttempt when the row was stored.
 */
export function applyGradedAttempt(
  sql: SqlWriter,
  userId: string,
  exerciseId: string,
  score: number,
  options: { reserved?: boolean } = {},
): { bestScore: number; attempts: number } {
  const row = sql.get<{ bestScore: number; attempts: number; completedAt: string | null }>(
    'SELECT "bestScore", "attempts", "completedAt" FROM "Progress" WHERE "userId" = ? AND "exerciseId" = ?',
    userId,
    exerciseId,
  );
  const now = new Date();
  const existing = row && { bestScore: row.bestScore, attempts: row.attempts, completedAt: row.completedAt === null ? null : sqliteDate(row.completedAt) };
  const next = progressAfterAttempt(existing, score, now, options);
  const completedAt = next.completedAt === null ? null : sqliteDateText(next.completedAt);
  sql.run(
    `INSERT INTO "Progress" ("id", "userId", "exerciseId", "bestScore", "attempts", "completedAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT ("userId", "exerciseId") DO UPDATE SET "bestScore" = excluded."bestScore", "attempts" = excluded."attempts",
       "completedAt" = excluded."completedAt", "updatedAt" = excluded."updatedAt"`,
    newRowId(),
    userId,
    exerciseId,
    next.bestScore,
    next.attempts,
    completedAt,
    sqliteDateText(now),
  );
  return { bestScore: next.bestScore, attempts: next.attempts };
}

/**
 * Takes one attempt for `userId` on `exerciseId` if one is left (max null: unlimited), inside the
 * caller's write transaction, before the submission or answer row is written in the same one
 * (decision 069). The check and the count are one statement in one transaction, so requests sent
 * together cannot all see the same count and all pass. False when every attempt is used.
 */
export function reserveAttempt(sql: SqlWriter, userId: string, exerciseId: string, maxAttempts: number | null): boolean {
  const now = sqliteDateText(new Date());
  const taken = sql.run(
    `INSERT INTO "Progress" ("id", "userId", "exerciseId", "bestScore", "attempts", "completedAt", "updatedAt") VALUES (?, ?, ?, 0, 1, NULL, ?)
     ON CONFLICT ("userId", "exerciseId") DO UPDATE SET "attempts" = "Progress"."attempts" + 1, "updatedAt" = excluded."updatedAt"
       WHERE ? IS NULL OR "Progress"."attempts" < ?`,
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
export function releaseAttempt(sql: SqlWriter, userId: string, exerciseId: string): void {
  sql.run(
    `UPDATE "Progress" SET "attempts" = MAX(0, "attempts" - 1), "updatedAt" = ? WHERE "userId" = ? AND "exerciseId" = ?`,
    sqliteDateText(new Date()),
    userId,
    exerciseId,
  );
}
