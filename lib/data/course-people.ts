import "server-only";
import { db } from "./db";
import type { Viewer } from "./access";
import { requireCourseInstructor, type ManagedCourse } from "./instructor-access";

// A course's people page (issue 21): its staff, and its students with what staff may do for
// them (a password reset link, decision 121).

export interface Person {
  id: string;
  email: string;
  name: string | null;
}

export interface CoursePeopleDto {
  course: ManagedCourse;
  /** The viewer owns the course: they invite and remove co-instructors. */
  isOwner: boolean;
  owner: Person | null;
  coTeachers: Person[];
  students: (Person & { enrolledAt: Date })[];
}

export async function getCoursePeople(viewer: Viewer | null, courseId: string): Promise<CoursePeopleDto> {
  const { course, isOwner } = await requireCourseInstructor(viewer, courseId);
  const person = { select: { id: true, email: true, name: true } } as const;
  const row = await db().course.findUniqueOrThrow({
    where: { id: course.id },
    select: {
      owner: person,
      coTeachers: { orderBy: { createdAt: "asc" }, select: { user: person } },
      enrollments: { where: { user: { role: "student" } }, orderBy: { createdAt: "asc" }, select: { createdAt: true, user: person } },
    },
  });
  return {
    course,
    isOwner,
    owner: row.owner,
    coTeachers: row.coTeachers.map((t) => t.user),
    students: row.enrollments.map((e) => ({ ...e.user, enrolledAt: e.createdAt })),
  };
}
