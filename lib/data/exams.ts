import "server-only";
import { examEndsAt, personalDueAt } from "@/lib/assignments/policy";
import { formatTime } from "@/lib/i18n/format";
import { viewerTimeZone } from "@/lib/i18n/time-zone";
import { db } from "./db";
import { exerciseTitleIn, TITLE_SELECT, viewerLocale } from "@/lib/exercises/i18n";
import { AccessError, assertUser, type Viewer } from "./access";
import { requireAssignmentInstructor } from "./assignments";
import { extensionOf, rulesOf } from "./credit";
import { queueScoreChanges, wakeOutbox } from "@/lib/lti/outbox";
import { userText } from "@/lib/i18n/user-text";

// Exams: a student starts one (their duration counts from then), the instructor reads the exam log
// (who started when, every submission's time) and releases the results in one action after a dry
// run. Until then students see "submitted" and nothing of scores (lib/data/credit.ts).

export type StartExamResult = { ok: true; startedAt: Date; endsAt: Date } | { ok: false; message: string };

/**
 * Starts the viewer's exam now (the first start counts; starting again changes nothing). Refused
 * before the window opens, after it closes, and to anyone not enrolled.
 */
export async function startExam(viewer: Viewer | null, assignmentId: string, now = new Date()): Promise<StartExamResult> {
  const user = assertUser(viewer);
  const a = await db().assignment.findUnique({
    where: { id: assignmentId },
    select: {
      courseId: true,
      course: { select: { timeZone: true } },
      releaseAt: true,
      dueAt: true,
      latePolicy: true,
      latePenalty: true,
      lateFloor: true,
      lateUntil: true,
      lateFactor: true,
      isExam: true,
      examMinutes: true,
      extensions: { where: { userId: user.id }, select: { dueAt: true, extraMinutes: true } },
    },
  });
  const enrolled = a ? await db().enrollment.findUnique({ where: { userId_courseId: { userId: user.id, courseId: a.courseId } }, select: { id: true } }) : null;
  if (!a || !enrolled) throw new AccessError(403, userText("errors.noSuchExam"));
  if (!a.isExam || a.examMinutes === null) return { ok: false, message: userText("errors.examNoDuration") };
  const rules = rulesOf(a);
  const extension = extensionOf(a.extensions[0]);
  const at = (t: number | Date) => formatTime(t, { zone: viewerTimeZone(user, a.course.timeZone), locale: viewerLocale(user) });
  if (now.getTime() < rules.releaseAt) return { ok: false, message: userText("errors.examOpensAt", { at: at(rules.releaseAt) }) };
  const existing = await db().examStart.findUnique({ where: { assignmentId_userId: { assignmentId, userId: user.id } }, select: { startedAt: true } });
  if (!existing && now.getTime() > personalDueAt(rules, extension)) return { ok: false, message: userText("errors.examClosedAt", { at: at(personalDueAt(rules, extension)) }) };
  const row =
    existing ??
    (await db().examStart.upsert({
      where: { assignmentId_userId: { assignmentId, userId: user.id } },
      create: { assignmentId, userId: user.id, startedAt: now },
      update: {},
      select: { startedAt: true },
    }));
  return { ok: true, startedAt: row.startedAt, endsAt: new Date(examEndsAt(rules, extension, row.startedAt.getTime())) };
}

export interface ExamLogEntry {
  userId: string;
  email: string;
  name: string | null;
  startedAt: Date | null;
  endsAt: Date;
  extraMinutes: number;
  submissions: { at: Date; itemSlug: string; itemTitle: string; kind: "code" | "quiz"; score: number | null; gradable: boolean | null }[];
}

export interface ExamLogDto {
  assignmentId: string;
  title: string;
  timeZone: string;
  releaseAt: Date;
  dueAt: Date;
  examMinutes: number | null;
  resultsReleasedAt: Date | null;
  students: ExamLogEntry[];
}

/** Every enrolled student: when they started, when their exam ends, every submission's stored time. */
export async function getExamLog(viewer: Viewer | null, assignmentId: string): Promise<ExamLogDto> {
  const { course } = await requireAssignmentInstructor(viewer, assignmentId);
  const a = await db().assignment.findUniqueOrThrow({
    where: { id: assignmentId },
    select: {
      title: true,
      releaseAt: true,
      dueAt: true,
      latePolicy: true,
      latePenalty: true,
      lateFloor: true,
      lateUntil: true,
      lateFactor: true,
      isExam: true,
      examMinutes: true,
      resultsReleasedAt: true,
      course: { select: { timeZone: true } },
      items: { select: { exerciseId: true } },
      extensions: { select: { userId: true, dueAt: true, extraMinutes: true } },
      examStarts: { select: { userId: true, startedAt: true } },
    },
  });
  const exerciseIds = a.items.map((i) => i.exerciseId);
  const locale = viewerLocale(viewer);
  const [students, subs, items, answers] = await Promise.all([
    db().enrollment.findMany({ where: { courseId: course.id, user: { role: "student" } }, select: { user: { select: { id: true, email: true, name: true } } }, orderBy: { user: { email: "asc" } } }),
    db().submission.findMany({
      where: { exerciseId: { in: exerciseIds }, mode: "hidden" },
      orderBy: { createdAt: "asc" },
      select: { userId: true, createdAt: true, score: true, gradable: true, exercise: { select: { slug: true, title: true } } },
    }),
    // Titles once per item, in the instructor's language (the row's column is English).
    db().exercise.findMany({ where: { id: { in: exerciseIds } }, select: { slug: true, ...TITLE_SELECT } }),
    db().quizAnswer.findMany({
      where: { exerciseId: { in: exerciseIds }, practice: false },
      orderBy: { createdAt: "asc" },
      select: { userId: true, createdAt: true, score: true, gradable: true, exercise: { select: { slug: true, title: true } } },
    }),
  ]);
  const rules = rulesOf(a);
  const ext = new Map(a.extensions.map((x) => [x.userId, x]));
  const starts = new Map(a.examStarts.map((s) => [s.userId, s.startedAt]));
  const log = new Map<string, ExamLogEntry>(
    students.map(({ user }) => {
      const extension = extensionOf(ext.get(user.id));
      const startedAt = starts.get(user.id) ?? null;
      return [
        user.id,
        { userId: user.id, email: user.email, name: user.name, startedAt, endsAt: new Date(examEndsAt(rules, extension, startedAt?.getTime() ?? null)), extraMinutes: extension?.extraMinutes ?? 0, submissions: [] },
      ];
    }),
  );
  const titleOf = new Map(items.map((i) => [i.slug, exerciseTitleIn(i, locale)]));
  for (const s of subs) log.get(s.userId)?.submissions.push({ at: s.createdAt, itemSlug: s.exercise.slug, itemTitle: titleOf.get(s.exercise.slug) ?? s.exercise.title, kind: "code", score: s.score, gradable: s.gradable });
  for (const q of answers) log.get(q.userId)?.submissions.push({ at: q.createdAt, itemSlug: q.exercise.slug, itemTitle: titleOf.get(q.exercise.slug) ?? q.exercise.title, kind: "quiz", score: q.score, gradable: q.gradable });
  for (const entry of log.values()) entry.submissions.sort((x, y) => x.at.getTime() - y.at.getTime());
  return {
    assignmentId,
    title: a.title,
    timeZone: a.course.timeZone,
    releaseAt: a.releaseAt,
    dueAt: a.dueAt,
    examMinutes: a.examMinutes,
    resultsReleasedAt: a.resultsReleasedAt,
    students: [...log.values()],
  };
}

export interface ReleasePreview {
  title: string;
  alreadyReleasedAt: Date | null;
  /** Students who submitted something, and how many items they will see a score for. */
  students: { email: string; items: number; submissions: number }[];
  submissions: number;
}

/** Dry run of the release: what students will start to see. Writes nothing. */
export async function previewReleaseResults(viewer: Viewer | null, assignmentId: string): Promise<ReleasePreview> {
  const log = await getExamLog(viewer, assignmentId);
  const students = log.students
    .filter((s) => s.submissions.length > 0)
    .map((s) => ({ email: s.email, items: new Set(s.submissions.map((x) => x.itemSlug)).size, submissions: s.submissions.length }));
  return { title: log.title, alreadyReleasedAt: log.resultsReleasedAt, students, submissions: students.reduce((n, s) => n + s.submissions, 0) };
}

/** Releases the exam's results to its students (once; releasing again changes nothing). */
export async function releaseResults(viewer: Viewer | null, assignmentId: string): Promise<ReleasePreview> {
  const preview = await previewReleaseResults(viewer, assignmentId);
  // The scores an LMS was not sent while they were withheld are queued with the release (decision 095).
  const queued = await db().$transaction(async (tx) => {
    const released = await tx.assignment.updateMany({ where: { id: assignmentId, isExam: true, resultsReleasedAt: null }, data: { resultsReleasedAt: new Date() } });
    if (released.count === 0) return false;
    const progress = await tx.progress.findMany({ where: { exercise: { assignment: { assignmentId } } }, select: { userId: true, exerciseId: true } });
    return queueScoreChanges(tx, progress);
  });
  if (queued) wakeOutbox();
  return preview;
}
