import "server-only";
import { db } from "./db";
import { assertUser, type Viewer } from "./access";
import { staffOf } from "./instructor-access";
import { courseTextsIn } from "./course-texts";
import { viewerLocale } from "@/lib/exercises/i18n";

export interface CourseSummaryDto {
  id: string;
  slug: string;
  title: string;
  description: string;
  /** Items the viewer can see: students never count hidden items. */
  itemCount: number;
  /** The viewer manages it (owns or co-teaches): the home page offers its instructor pages. */
  staff: boolean;
  /** Archived (decision 122): listed apart, under "Archived". */
  archived: boolean;
}

/**
 * Courses on the viewer's home page: those they are enrolled in, and for an instructor those they
 * own or co-teach (never other instructors' courses).
 */
export async function listCoursesForViewer(viewer: Viewer | null): Promise<CourseSummaryDto[]> {
  const user = assertUser(viewer);
  const enrolled = { enrollments: { some: { userId: user.id } } };
  const staff = user.role === "instructor" ? staffOf(user.id) : null;
  const courses = await db().course.findMany({
    where: staff ? { OR: [enrolled, staff] } : enrolled,
    orderBy: { title: "asc" },
    select: {
      id: true,
      slug: true,
      title: true,
      description: true,
      archivedAt: true,
      ownerId: true,
      coTeachers: { where: { userId: user.id }, select: { userId: true } },
      exercises: { select: { hidden: true } },
    },
  });
  return courses.map(({ ownerId, coTeachers, exercises, archivedAt, ...c }) => {
    const isStaff = staff !== null && (ownerId === user.id || coTeachers.length > 0);
    return { ...courseTextsIn(c, viewerLocale(user)), itemCount: exercises.filter((e) => isStaff || !e.hidden).length, staff: isStaff, archived: archivedAt !== null };
  });
}

/**
 * Whether the viewer takes courses as a participant: every student (a new one is shown where to
 * join), and an instructor only while enrolled somewhere. The header offers "My progress" on this.
 */
export async function takesCourses(viewer: Viewer): Promise<boolean> {
  if (viewer.role !== "instructor") return true;
  return (await db().enrollment.count({ where: { userId: viewer.id } })) > 0;
}
