import "server-only";
import { db } from "./db";
import { assertUser, type Viewer } from "./access";

export interface CourseSummaryDto {
  id: string;
  slug: string;
  title: string;
  description: string;
  /** Items the viewer can see: students never count hidden items. */
  itemCount: number;
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
