import "server-only";
import { db } from "./db";
import { AccessError, assertInstructor, type Viewer } from "./access";

// Course-level authorization for everything under /instructor: the viewer must be an instructor
// (401/403 otherwise) AND manage the course: its owner, or any instructor when the course has no
// owner (its owner's account was deleted). Unknown ids answer 403 like foreign ones, so course and
// item ids cannot be probed. See docs/decisions/031-instructor-authorization.md.

export interface ManagedCourse {
  id: string;
  slug: string;
  title: string;
  joinCode: string;
}

export async function requireCourseInstructor(viewer: Viewer | null | undefined, courseId: string): Promise<{ viewer: Viewer; course: ManagedCourse }> {
  const user = assertInstructor(viewer);
  const course = await db().course.findUnique({
    where: { id: courseId },
    select: { id: true, slug: true, title: true, joinCode: true, ownerId: true },
  });
  if (!course || (course.ownerId !== null && course.ownerId !== user.id)) throw new AccessError(403, "Not one of your courses");
  return { viewer: user, course: { id: course.id, slug: course.slug, title: course.title, joinCode: course.joinCode } };
}

/** The item and its course, when the viewer manages the course. */
export async function requireItemInstructor(viewer: Viewer | null | undefined, exerciseId: string) {
  const user = assertInstructor(viewer);
  const exercise = await db().exercise.findUnique({ where: { id: exerciseId }, select: { id: true, courseId: true } });
  if (!exercise) throw new AccessError(403, "No such item");
  const { course } = await requireCourseInstructor(user, exercise.courseId);
  return { viewer: user, course, exerciseId: exercise.id };
}
