import "server-only";
import { userText } from "@/lib/i18n/user-text";
import { db } from "./db";
import { AccessError, assertInstructor, type Viewer } from "./access";

// Course-level authorization. A course's staff are its owner and its co-teachers (added by the
// owner), and only while their account has the instructor role; nobody else manages the course,
// also not when it has no owner (its owner's account was deleted: the operator names a new one
// with `npm run -s course:set-owner`). Unknown ids answer 403 like foreign ones, so course and item
// ids cannot be probed. See docs/decisions/031 and 064.

export interface ManagedCourse {
  id: string;
  slug: string;
  title: string;
  joinCode: string;
}

/** Prisma `where` for the courses `userId` is staff of (the caller checks the instructor role). */
export const staffOf = (userId: string) => ({ OR: [{ ownerId: userId }, { coTeachers: { some: { userId } } }] });

/** Whether the viewer is staff of the course: an instructor who owns or co-teaches it. */
export async function isCourseStaff(viewer: Viewer, courseId: string): Promise<boolean> {
  if (viewer.role !== "instructor") return false;
  return (await db().course.count({ where: { id: courseId, ...staffOf(viewer.id) } })) === 1;
}

export async function requireCourseInstructor(
  viewer: Viewer | null | undefined,
  courseId: string,
): Promise<{ viewer: Viewer; course: ManagedCourse; isOwner: boolean }> {
  const user = assertInstructor(viewer);
  const course = await db().course.findFirst({
    where: { id: courseId, ...staffOf(user.id) },
    select: { id: true, slug: true, title: true, joinCode: true, ownerId: true },
  });
  if (!course) throw new AccessError(403, userText("instructorData.notYourCourse"));
  const { ownerId, ...managed } = course;
  return { viewer: user, course: managed, isOwner: ownerId === user.id };
}

/** The course, when the viewer owns it: only the owner changes who co-teaches. */
export async function requireCourseOwner(viewer: Viewer | null | undefined, courseId: string): Promise<{ viewer: Viewer; course: ManagedCourse }> {
  const { viewer: user, course, isOwner } = await requireCourseInstructor(viewer, courseId);
  if (!isOwner) throw new AccessError(403, userText("instructorData.ownerOnly"));
  return { viewer: user, course };
}

/** The item and its course, when the viewer manages the course. */
export async function requireItemInstructor(viewer: Viewer | null | undefined, exerciseId: string) {
  const user = assertInstructor(viewer);
  const exercise = await db().exercise.findUnique({ where: { id: exerciseId }, select: { id: true, courseId: true } });
  if (!exercise) throw new AccessError(403, userText("errors.noSuchItem"));
  const { course } = await requireCourseInstructor(user, exercise.courseId);
  return { viewer: user, course, exerciseId: exercise.id };
}
