import "server-only";
import { db } from "./db";
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
    select: {
      id: true,
      key: true,
      slug: true,
      kind: true,
      hidden: true,
      courseId: true,
      source: true,
      currentVersion: { select: { id: true, meta: true, files: true } },
    },
  });
  if (!exercise || (exercise.hidden && viewer.role !== "instructor")) throw new AccessError(403, "No such item");
  if (viewer.role !== "instructor") {
    const enrolled = await db().enrollment.findUnique({
      where: { userId_courseId: { userId: viewer.id, courseId: exercise.courseId } },
      select: { id: true },
    });
    if (!enrolled) throw new AccessError(403, "You are not enrolled in this course");
  }
  if (!exercise.currentVersion) throw new Error(`exercise ${exercise.slug} has no current version`);
  return { ...exercise, currentVersion: exercise.currentVersion };
}

export function attemptsLeftOf(maxAttempts: number | null, attempts: number): number | null {
  return maxAttempts === null ? null : Math.max(0, maxAttempts - attempts);
}

