import "server-only";
import { db } from "./db";
import { assertInstructor, assertUser, type Viewer } from "./access";

export interface CourseSummaryDto {
  id: string;
  slug: string;
  title: string;
  description: string;
  /** Items the viewer can see: students never count hidden items. */
  itemCount: number;
}

export interface InstructorCourseDto extends CourseSummaryDto {
  joinCode: string;
  hiddenItemCount: number;
  students: { id: string; email: string; name: string | null; enrolledAt: Date }[];
}

/** Courses on the viewer's home page: a student's enrolments; every course for an instructor. */
export async function listCoursesForViewer(viewer: Viewer | null): Promise<CourseSummaryDto[]> {
  const user = assertUser(viewer);
  const isInstructor = user.role === "instructor";
  const courses = await db().course.findMany({
    where: isInstructor ? {} : { enrollments: { some: { userId: user.id } } },
    orderBy: { title: "asc" },
    select: {
      id: true,
      slug: true,
      title: true,
      description: true,
      _count: { select: { exercises: isInstructor ? true : { where: { hidden: false } } } },
    },
  });
  return courses.map(({ _count, ...c }) => ({ ...c, itemCount: _count.exercises }));
}

/** Every course with its join code and enrolled students; instructors only. */
export async function listInstructorCourses(viewer: Viewer | null): Promise<InstructorCourseDto[]> {
  assertInstructor(viewer);
  const courses = await db().course.findMany({
    orderBy: { title: "asc" },
    select: {
      id: true,
      slug: true,
      title: true,
      description: true,
      joinCode: true,
      exercises: { select: { hidden: true } },
      enrollments: {
        orderBy: { createdAt: "asc" },
        select: { createdAt: true, user: { select: { id: true, email: true, name: true, role: true } } },
      },
    },
  });
  return courses.map((c) => ({
    id: c.id,
    slug: c.slug,
    title: c.title,
    description: c.description,
    joinCode: c.joinCode,
    itemCount: c.exercises.length,
    hiddenItemCount: c.exercises.filter((e) => e.hidden).length,
    students: c.enrollments
      .filter((e) => e.user.role === "student")
      .map((e) => ({ id: e.user.id, email: e.user.email, name: e.user.name, enrolledAt: e.createdAt })),
  }));
}
