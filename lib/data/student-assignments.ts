import "server-only";
import { describeLatePolicy, examEndsAt, NOTHING_STORED, personalDueAt, submitVerdict, type StudentAssignmentDto, type TimedScore } from "@/lib/assignments/policy";
import { formatTime } from "@/lib/i18n/format";
import { resolveTimeZone } from "@/lib/i18n/time-zone";
import type { Locale } from "@/lib/i18n/locales";
import { db } from "./db";
import { creditedCell, loadCourseRules, type CourseRules } from "./credit";

// What a student sees of a course's assignments: what is due and when (their own due time, with
// their extension), what a submission now would earn, an exam's window and their time left, and
// for each item the raw and the credited score (withheld while an exam's results are hidden).
// Everything is computed from the server's clock and the stored submission times.

export interface StudentItemScore {
  raw: number;
  credited: number;
  late: number;
  /** An exam's results not released: show "submitted", never the score. */
  hidden: boolean;
}

export interface StudentCourseSchedule {
  now: Date;
  assignments: StudentAssignmentDto[];
  /** exerciseId → the assignment it belongs to */
  assignmentOf: Map<string, StudentAssignmentDto>;
  /** exerciseId → scores (only items with a graded attempt) */
  scores: Map<string, StudentItemScore>;
}

/**
 * `locale` and `readerZone`: the student's language and time zone (decision 127), in which the
 * dates inside the policy and refusals are written; without a zone, the course's (named).
 */
export function studentAssignments(rules: CourseRules, userId: string, now: Date, locale: Locale = "en", readerZone?: string | null): StudentAssignmentDto[] {
  const zone = resolveTimeZone(readerZone, rules.timeZone);
  const at = (t: number) => formatTime(t, { zone, locale });
  return rules.assignments.map((a) => {
    const extension = a.extensions.get(userId) ?? null;
    const startedAt = a.starts.get(userId) ?? null;
    const verdict = submitVerdict(a.rules, extension, startedAt, now.getTime(), at);
    const due = personalDueAt(a.rules, extension);
    const released = now.getTime() >= a.rules.releaseAt;
    const end = examEndsAt(a.rules, extension, startedAt);
    return {
      id: a.id,
      title: a.title,
      isExam: a.rules.isExam,
      timeZone: rules.timeZone,
      releaseAt: new Date(a.rules.releaseAt),
      released,
      dueAt: new Date(due),
      baseDueAt: new Date(a.rules.dueAt),
      extended: due !== a.rules.dueAt,
      policy: a.rules.isExam ? null : describeLatePolicy(a.rules.policy, at),
      factorNow: verdict.ok ? verdict.factor : null,
      lateNow: verdict.ok && verdict.late,
      closedReason: verdict.ok ? null : verdict.message.replace(NOTHING_STORED, ""),
      exam: a.rules.isExam
        ? {
            minutes: a.rules.examMinutes === null ? null : a.rules.examMinutes + (extension?.extraMinutes ?? 0),
            startedAt: startedAt === null ? null : new Date(startedAt),
            endsAt: new Date(end),
            mayStart: a.rules.examMinutes !== null && startedAt === null && released && now.getTime() <= due,
            resultsHidden: a.resultsReleasedAt === null,
            publicTests: a.publicTestsInExam,
          }
        : null,
      exerciseIds: a.exerciseIds,
    };
  });
}

/** The student's schedule and scores in one course (their own attempts only). */
export async function getStudentSchedule(userId: string, courseId: string, now = new Date(), locale: Locale = "en", readerZone?: string | null): Promise<StudentCourseSchedule> {
  const rules = await loadCourseRules(courseId, userId);
  const assignments = studentAssignments(rules, userId, now, locale, readerZone);
  const assignmentOf = new Map<string, StudentAssignmentDto>();
  for (const a of assignments) for (const id of a.exerciseIds) assignmentOf.set(id, a);
  const inCourse = { userId, exercise: { courseId } };
  const [subs, answers] = await Promise.all([
    db().submission.findMany({ where: { ...inCourse, mode: "hidden", status: "graded", gradable: true }, select: { exerciseId: true, createdAt: true, score: true } }),
    db().quizAnswer.findMany({ where: { ...inCourse, gradable: true, practice: false }, select: { exerciseId: true, createdAt: true, score: true } }),
  ]);
  const attempts = new Map<string, TimedScore[]>();
  for (const r of [...subs, ...answers]) {
    const list = attempts.get(r.exerciseId) ?? [];
    list.push({ at: r.createdAt.getTime(), score: r.score ?? 0 });
    attempts.set(r.exerciseId, list);
  }
  const scores = new Map<string, StudentItemScore>();
  for (const [exerciseId, list] of attempts) {
    const cell = creditedCell(rules, userId, exerciseId, list);
    scores.set(exerciseId, { ...cell, hidden: assignmentOf.get(exerciseId)?.exam?.resultsHidden ?? false });
  }
  return { now, assignments, assignmentOf, scores };
}
