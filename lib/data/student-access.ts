import "server-only";
import { db, readOne, sqliteJson } from "./db";
import { AccessError, type Viewer } from "./access";

// The access check shared by every student write (draft, run, submission, quiz answer).

/**
 * The exercise row for a student action (draft, submission, answer): it must exist, be visible
 * and belong to a course the viewer is enrolled in. Throws AccessError otherwise (404-like
 * errors are 403 too, so ids cannot be probed).
 */
export async function findStudentExercise(viewer: Viewer, exerciseId: string) {
  const exercise = await db().exercise.findUnique({
    where: { id: exerciseId },
    select: { ...exerciseSelect, currentVersion: { select: { id: true, meta: true, files: true } } },
  });
  return checkStudentAccess(viewer, exercise);
}

/**
 * findStudentExercise without the version's files (the whole package, large JSON): a code
 * submission of a disk package never needs them, and this runs on every submission.
 */
export async function findStudentExerciseMeta(viewer: Viewer, exerciseId: string) {
  // On every submission: one plain prepared statement (exercise, current version's meta and the
  // enrolment) instead of three Prisma queries (lib/data/db.ts). Same checks, same errors.
  const row = readOne<{
    id: string;
    key: string;
    slug: string;
    kind: string;
    hidden: number;
    courseId: string;
    source: string;
    versionId: string | null;
    meta: string | null;
    enrolled: number;
  }>(
    `SELECT e."id", e."key", e."slug", e."kind", e."hidden", e."courseId", e."source", v."id" AS "versionId", v."meta" AS "meta",
       EXISTS (SELECT 1 FROM "Enrollment" n WHERE n."userId" = ? AND n."courseId" = e."courseId") AS "enrolled"
     FROM "Exercise" e LEFT JOIN "ExerciseVersion" v ON v."id" = e."currentVersionId" WHERE e."id" = ?`,
    viewer.id,
    exerciseId,
  );
  if (!row || (row.hidden !== 0 && viewer.role !== "instructor")) throw new AccessError(403, "No such item");
  if (viewer.role !== "instructor" && row.enrolled === 0) throw new AccessError(403, "You are not enrolled in this course");
  if (row.versionId === null) throw new Error(`exercise ${row.slug} has no current version`);
  return Promise.resolve({
    id: row.id,
    key: row.key,
    slug: row.slug,
    kind: row.kind,
    hidden: row.hidden !== 0,
    courseId: row.courseId,
    source: row.source,
    currentVersion: { id: row.versionId, meta: sqliteJson(row.meta) },
  });
}

const exerciseSelect = { id: true, key: true, slug: true, kind: true, hidden: true, courseId: true, source: true } as const;

async function checkStudentAccess<E extends { slug: string; hidden: boolean; courseId: string; currentVersion: object | null }>(
  viewer: Viewer,
  exercise: E | null,
): Promise<E & { currentVersion: NonNullable<E["currentVersion"]> }> {
  if (!exercise || (exercise.hidden && viewer.role !== "instructor")) throw new AccessError(403, "No such item");
  if (viewer.role !== "instructor") {
    const enrolled = await db().enrollment.findUnique({
      where: { userId_courseId: { userId: viewer.id, courseId: exercise.courseId } },
      select: { id: true },
    });
    if (!enrolled) throw new AccessError(403, "You are not enrolled in this course");
  }
  const currentVersion = exercise.currentVersion;
  if (!currentVersion) throw new Error(`exercise ${exercise.slug} has no current version`);
  return { ...exercise, currentVersion };
}

export function attemptsLeftOf(maxAttempts: number | null, attempts: number): number | null {
  return maxAttempts === null ? null : Math.max(0, maxAttempts - attempts);
}

