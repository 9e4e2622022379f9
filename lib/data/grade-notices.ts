import "server-only";
import { exerciseTitleIn, TITLE_SELECT, viewerLocale } from "@/lib/exercises/i18n";
import { db } from "./db";
import { assertUser, type Viewer } from "./access";
import { findCourseForViewer } from "./enrollment";
import { getStudentSchedule } from "./student-assignments";

// Grade notices (decision 126): when a regrade changes a student's best score on an item
// (lib/data/regrade.ts writes one row per such student, in the regrade's transaction), the student
// reads "Your grade for X changed from a % to b % after a regrade" on the course page and on the
// item's page. A notice is shown for NOTICE_DAYS after the regrade and then drops out by itself:
// nothing to dismiss, no unread state to keep. Only the student's own notices, only on visible
// items, and never while the item's results are hidden (an exam before its release), so a notice
// never says more than the item's page does.

export const NOTICE_DAYS = 14;

export interface GradeNoticeDto {
  id: string;
  exerciseId: string;
  slug: string;
  title: string;
  oldScore: number;
  newScore: number;
  at: Date;
}

/**
 * The viewer's own recent grade notices in a course (newest first), or only those of one item.
 * Null when the course does not exist; AccessError when the viewer may not read it.
 */
export async function listGradeNotices(viewer: Viewer | null, courseRef: string, options: { exerciseId?: string; now?: Date } = {}): Promise<GradeNoticeDto[] | null> {
  const user = assertUser(viewer);
  const course = await findCourseForViewer(user, courseRef);
  if (!course) return null;
  const now = options.now ?? new Date();
  const rows = await db().gradeNotice.findMany({
    where: {
      userId: user.id,
      createdAt: { gte: new Date(now.getTime() - NOTICE_DAYS * 86_400_000) },
      exercise: { courseId: course.id, hidden: false, ...(options.exerciseId ? { id: options.exerciseId } : {}) },
    },
    orderBy: { createdAt: "desc" },
    select: { id: true, exerciseId: true, oldScore: true, newScore: true, createdAt: true, exercise: { select: { slug: true, ...TITLE_SELECT } } },
  });
  if (rows.length === 0) return [];
  const schedule = await getStudentSchedule(user.id, course.id, now, viewerLocale(user));
  const locale = viewerLocale(user);
  return rows
    .filter((r) => !(schedule.scores.get(r.exerciseId)?.hidden ?? schedule.assignmentOf.get(r.exerciseId)?.exam?.resultsHidden ?? false))
    .map((r) => ({ id: r.id, exerciseId: r.exerciseId, slug: r.exercise.slug, title: exerciseTitleIn(r.exercise, locale), oldScore: r.oldScore, newScore: r.newScore, at: r.createdAt }));
}
