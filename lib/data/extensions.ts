import "server-only";
import { queueScoreChanges, wakeOutbox } from "@/lib/lti/outbox";
import { z } from "zod";
import { checkExtensionRecords, MAX_EXTENSION_CSV_BYTES, MAX_EXTRA_MINUTES, readExtensionCsv, type CsvProblem, type ExtensionRow } from "@/lib/assignments/extension-csv";
import { personalDueAt, type StudentExtension } from "@/lib/assignments/policy";
import { parseZonedTime } from "@/lib/assignments/time-zone";
import { formatTime } from "@/lib/i18n/format";
import { userText } from "@/lib/i18n/user-text";
import { db } from "./db";
import { AccessError, type Viewer } from "./access";
import { creditChanges, requireAssignmentInstructor, withExtensions, type ChangePreview } from "./assignments";
import { loadCourseRules } from "./credit";
import { requireCourseInstructor } from "./instructor-access";
import { maxAttemptsOf } from "./progress";
import { exerciseTitleIn, viewerLocale, type ContentLocale } from "@/lib/exercises/i18n";

// Exceptions for one student: a new due time or extra minutes on an assignment (an exam's window
// and duration), extra attempts on an item, a reset of an item's attempts. One at a time from the
// student's page, or many from a CSV with a dry run that refuses bad rows by line. An extension
// moves credited scores, so it goes dry run → apply like a policy change; attempts move none.

export const extensionInputSchema = z.object({
  assignmentId: z.string().min(1).max(64),
  userId: z.string().min(1).max(64),
  /** A new due time in the course's time zone ("YYYY-MM-DD HH:MM"); empty: none. */
  due: z.string().trim().max(40).default(""),
  /** Extra minutes; 0: none. */
  minutes: z.coerce.number().int("Minutes must be a whole number").min(0, "Minutes cannot be negative").max(MAX_EXTRA_MINUTES, `At most ${MAX_EXTRA_MINUTES} minutes`).default(0),
  /** Remove the student's extension instead. */
  remove: z.boolean().default(false),
});
export type ExtensionInput = z.output<typeof extensionInputSchema>;

export type ExtensionPreviewResult = { ok: true; preview: ChangePreview } | { ok: false; message: string; problems?: CsvProblem[] };

/** The student must be enrolled in the assignment's course (staff and strangers get no extension). */
async function requireEnrolledStudent(courseId: string, userId: string): Promise<{ id: string; email: string }> {
  const row = await db().enrollment.findUnique({ where: { userId_courseId: { userId, courseId } }, select: { user: { select: { id: true, email: true, role: true } } } });
  if (!row || row.user.role !== "student") throw new AccessError(403, userText("instructorData.studentNotEnrolled"));
  return row.user;
}

async function checkExtension(viewer: Viewer | null, input: ExtensionInput) {
  const { course } = await requireAssignmentInstructor(viewer, input.assignmentId);
  const student = await requireEnrolledStudent(course.id, input.userId);
  const [{ timeZone }, assignment] = await Promise.all([
    db().course.findUniqueOrThrow({ where: { id: course.id }, select: { timeZone: true } }),
    db().assignment.findUniqueOrThrow({ where: { id: input.assignmentId }, select: { title: true, releaseAt: true, isExam: true } }),
  ]);
  let ext: StudentExtension | null = null;
  if (!input.remove) {
    let dueAt: number | null = null;
    if (input.due !== "") {
      const t = parseZonedTime(input.due, timeZone);
      if (!t.ok) return { ok: false as const, message: t.reason + userText("timeParse.courseZoneSuffix", { zone: timeZone }) };
      if (t.instant.getTime() < assignment.releaseAt.getTime()) {
        return { ok: false as const, message: userText("instructorData.dueBeforeRelease", { due: formatTime(t.instant, { zone: timeZone, locale: viewerLocale(viewer) }), release: formatTime(assignment.releaseAt, { zone: timeZone, locale: viewerLocale(viewer) }) }) };
      }
      dueAt = t.instant.getTime();
    }
    if (dueAt === null && input.minutes === 0) return { ok: false as const, message: userText("instructorData.giveDueOrMinutes") };
    ext = { dueAt, extraMinutes: input.minutes };
  }
  const before = await loadCourseRules(course.id);
  const after = withExtensions(before, input.assignmentId, new Map([[student.id, ext]]));
  // Typed in the course's zone: said back in it, named.
  const at = (t: number) => formatTime(t, { zone: timeZone, locale: viewerLocale(viewer) });
  const summary = [
    ext === null
      ? userText("instructorData.summaryRemoveExtension", { email: student.email, title: assignment.title })
      : userText("instructorData.summaryExtension", {
          email: student.email,
          title: assignment.title,
          hasDue: ext.dueAt !== null ? "yes" : "no",
          due: ext.dueAt !== null ? at(ext.dueAt) : "",
          minutes: ext.extraMinutes,
          exam: String(assignment.isExam),
        }),
  ];
  return { ok: true as const, course, student, ext, before, after, summary, locale: viewerLocale(viewer) };
}

async function previewExtensionOf(checked: Extract<Awaited<ReturnType<typeof checkExtension>>, { ok: true }>, assignmentId: string, started: number): Promise<ChangePreview> {
  const exerciseIds = checked.before.assignments.find((a) => a.id === assignmentId)?.exerciseIds ?? [];
  const { changes, cells } = await creditChanges(checked.course.id, exerciseIds, checked.before, checked.after, checked.locale);
  return { summary: checked.summary, changes: changes.filter((c) => c.userId === checked.student.id), cells, ms: performance.now() - started };
}

export async function previewExtension(viewer: Viewer | null, input: ExtensionInput): Promise<ExtensionPreviewResult> {
  const started = performance.now();
  const checked = await checkExtension(viewer, input);
  if (!checked.ok) return checked;
  return { ok: true, preview: await previewExtensionOf(checked, input.assignmentId, started) };
}

export async function applyExtension(viewer: Viewer | null, input: ExtensionInput): Promise<ExtensionPreviewResult> {
  const started = performance.now();
  const checked = await checkExtension(viewer, input);
  if (!checked.ok) return checked;
  const preview = await previewExtensionOf(checked, input.assignmentId, started);
  const key = { assignmentId_userId: { assignmentId: input.assignmentId, userId: checked.student.id } };
  const ext = checked.ext;
  const queued = await db().$transaction(async (tx) => {
    if (ext === null) {
      await tx.extension.deleteMany({ where: { assignmentId: input.assignmentId, userId: checked.student.id } });
    } else {
      const data = { dueAt: ext.dueAt === null ? null : new Date(ext.dueAt), extraMinutes: ext.extraMinutes, grantedById: viewer?.id ?? null };
      await tx.extension.upsert({ where: key, create: { assignmentId: input.assignmentId, userId: checked.student.id, ...data }, update: data });
    }
    // Credited scores that change reach a linked LMS too (decision 095).
    return queueScoreChanges(tx, preview.changes);
  });
  if (queued) wakeOutbox();
  return { ok: true, preview };
}

// ---------------------------------------------------------------------------------------------
// Bulk: a CSV of email, assignment, due, minutes.

export const extensionCsvInputSchema = z.object({
  courseId: z.string().min(1).max(64),
  csv: z.string().max(MAX_EXTENSION_CSV_BYTES, `The file is larger than ${MAX_EXTENSION_CSV_BYTES / 1024} KB`),
});

export interface CsvPreview extends ChangePreview {
  rows: { line: number; email: string; assignment: string; before: string; after: string }[];
}

export type CsvResult = { ok: true; preview: CsvPreview } | { ok: false; message: string; problems: CsvProblem[] };

async function checkCsv(viewer: Viewer | null, courseId: string, text: string) {
  const { course } = await requireCourseInstructor(viewer, courseId);
  const read = readExtensionCsv(text);
  if (!read.ok) return { ok: false as const, message: userText("instructorData.fileProblems"), problems: read.problems };
  const emails = [...new Set(read.records.map((r) => r.email.toLowerCase()))];
  const [{ timeZone }, users, assignments] = await Promise.all([
    db().course.findUniqueOrThrow({ where: { id: course.id }, select: { timeZone: true } }),
    db().user.findMany({ where: { email: { in: emails } }, select: { id: true, email: true, role: true, enrollments: { where: { courseId: course.id }, select: { id: true } } } }),
    db().assignment.findMany({ where: { courseId: course.id }, select: { id: true, title: true, releaseAt: true, isExam: true } }),
  ]);
  const checked = checkExtensionRecords(read.records, {
    timeZone,
    accounts: new Map(users.map((u) => [u.email, { id: u.id, enrolled: u.role === "student" && u.enrollments.length > 0 }])),
    assignments: new Map(assignments.map((a) => [a.title.toLowerCase(), { id: a.id, title: a.title, releaseAt: a.releaseAt.getTime(), isExam: a.isExam }])),
  });
  if (!checked.ok) return { ok: false as const, message: userText("instructorData.rowProblems"), problems: checked.problems };
  return { ok: true as const, course, timeZone, rows: checked.rows };
}

async function csvPreviewOf(courseId: string, timeZone: string, rows: readonly ExtensionRow[], started: number, locale: ContentLocale): Promise<CsvPreview> {
  const original = await loadCourseRules(courseId);
  const byAssignment = new Map<string, Map<string, StudentExtension>>();
  for (const r of rows) {
    const m = byAssignment.get(r.assignment.id) ?? new Map<string, StudentExtension>();
    m.set(r.userId, { dueAt: r.dueAt?.getTime() ?? null, extraMinutes: r.extraMinutes });
    byAssignment.set(r.assignment.id, m);
  }
  let after = original;
  for (const [assignmentId, exts] of byAssignment) after = withExtensions(after, assignmentId, exts);
  const exerciseIds = original.assignments.filter((a) => byAssignment.has(a.id)).flatMap((a) => a.exerciseIds);
  const { changes, cells } = await creditChanges(courseId, exerciseIds, original, after, locale);
  const at = (t: number) => formatTime(t, { zone: timeZone, locale });
  const describe = (ext: StudentExtension | undefined, base: number) =>
    ext ? [ext.dueAt !== null ? `due ${at(ext.dueAt)}` : `due ${at(base)}`, ext.extraMinutes > 0 ? `+${ext.extraMinutes} min` : null].filter(Boolean).join(" ") : `due ${at(base)} (no extension)`;
  const rowsOut = rows.map((r) => {
    const a = original.assignments.find((x) => x.id === r.assignment.id);
    const base = a?.rules.dueAt ?? 0;
    return { line: r.line, email: r.email, assignment: r.assignment.title, before: describe(a?.extensions.get(r.userId), base), after: describe({ dueAt: r.dueAt?.getTime() ?? null, extraMinutes: r.extraMinutes }, base) };
  });
  return {
    summary: [userText("instructorData.summaryExtensions", { count: rows.length, students: new Set(rows.map((r) => r.userId)).size, assignments: byAssignment.size, zone: timeZone })],
    rows: rowsOut,
    changes,
    cells,
    ms: performance.now() - started,
  };
}

/** Reads and checks the CSV; lists what would change. Writes nothing. */
export async function dryRunExtensionCsv(viewer: Viewer | null, input: z.output<typeof extensionCsvInputSchema>): Promise<CsvResult> {
  const started = performance.now();
  const checked = await checkCsv(viewer, input.courseId, input.csv);
  if (!checked.ok) return checked;
  return { ok: true, preview: await csvPreviewOf(checked.course.id, checked.timeZone, checked.rows, started, viewerLocale(viewer)) };
}

/** Checks the CSV again and applies every row in one transaction, or nothing. */
export async function applyExtensionCsv(viewer: Viewer | null, input: z.output<typeof extensionCsvInputSchema>): Promise<CsvResult> {
  const started = performance.now();
  const checked = await checkCsv(viewer, input.courseId, input.csv);
  if (!checked.ok) return checked;
  const preview = await csvPreviewOf(checked.course.id, checked.timeZone, checked.rows, started, viewerLocale(viewer));
  const grantedById = viewer?.id ?? null;
  const queued = await db().$transaction(async (tx) => {
    for (const r of checked.rows) {
      const data = { dueAt: r.dueAt, extraMinutes: r.extraMinutes, grantedById };
      await tx.extension.upsert({
        where: { assignmentId_userId: { assignmentId: r.assignment.id, userId: r.userId } },
        create: { assignmentId: r.assignment.id, userId: r.userId, ...data },
        update: data,
      });
    }
    // Credited scores that change reach a linked LMS too (decision 095).
    return queueScoreChanges(tx, preview.changes);
  });
  if (queued) wakeOutbox();
  return { ok: true, preview };
}

// ---------------------------------------------------------------------------------------------
// Attempts on one item

export const allowanceInputSchema = z.object({
  exerciseId: z.string().min(1).max(64),
  userId: z.string().min(1).max(64),
  extraAttempts: z.coerce.number().int("A whole number of attempts").min(0, "Not negative").max(100, "At most 100 extra attempts"),
});

async function requireItemStudent(viewer: Viewer | null, exerciseId: string, userId: string) {
  const item = await db().exercise.findUnique({ where: { id: exerciseId }, select: { courseId: true, title: true } });
  if (!item) {
    await requireCourseInstructor(viewer, "");
    throw new AccessError(403, userText("errors.noSuchItem"));
  }
  await requireCourseInstructor(viewer, item.courseId);
  const student = await requireEnrolledStudent(item.courseId, userId);
  return { item, student };
}

/** Sets the student's extra attempts on the item (beyond exercise.json's attempts.max). */
export async function setExtraAttempts(viewer: Viewer | null, input: z.output<typeof allowanceInputSchema>): Promise<{ ok: true; message: string }> {
  const { item, student } = await requireItemStudent(viewer, input.exerciseId, input.userId);
  const key = { exerciseId_userId: { exerciseId: input.exerciseId, userId: student.id } };
  await db().itemAllowance.upsert({ where: key, create: { exerciseId: input.exerciseId, userId: student.id, extraAttempts: input.extraAttempts }, update: { extraAttempts: input.extraAttempts } });
  return { ok: true, message: userText("instructorData.extraAttempts", { email: student.email, count: input.extraAttempts, item: item.title }) };
}

/**
 * Resets the student's attempts on the item: every attempt used so far is given back (added to
 * their extra attempts). Submissions and scores stay: a reset never removes a raw score.
 */
export async function resetItemAttempts(viewer: Viewer | null, input: { exerciseId: string; userId: string }): Promise<{ ok: true; message: string }> {
  const { item, student } = await requireItemStudent(viewer, input.exerciseId, input.userId);
  const used = (await db().progress.findUnique({ where: { userId_exerciseId: { userId: student.id, exerciseId: input.exerciseId } }, select: { attempts: true } }))?.attempts ?? 0;
  const current = (await db().itemAllowance.findUnique({ where: { exerciseId_userId: { exerciseId: input.exerciseId, userId: student.id } }, select: { extraAttempts: true } }))?.extraAttempts ?? 0;
  // Attempts left = max + extra − used, so extra = used gives a fresh start (never fewer than granted).
  const extraAttempts = Math.max(current, used);
  await db().itemAllowance.upsert({
    where: { exerciseId_userId: { exerciseId: input.exerciseId, userId: student.id } },
    create: { exerciseId: input.exerciseId, userId: student.id, extraAttempts, resetAt: new Date() },
    update: { extraAttempts, resetAt: new Date() },
  });
  return { ok: true, message: userText("instructorData.reset", { email: student.email, count: used, item: item.title }) };
}

export interface StudentExceptionsDto {
  timeZone: string;
  assignments: { id: string; title: string; isExam: boolean; dueAt: Date; personalDueAt: Date; extension: { dueAt: Date | null; extraMinutes: number } | null }[];
  items: { id: string; title: string; maxAttempts: number | null; extraAttempts: number; attempts: number; resetAt: Date | null }[];
}

/** One enrolled student's extensions and item allowances (the student page's course-running section). */
export async function getStudentExceptions(viewer: Viewer | null, courseId: string, userId: string): Promise<StudentExceptionsDto> {
  const { course } = await requireCourseInstructor(viewer, courseId);
  await requireEnrolledStudent(course.id, userId);
  const [rules, items] = await Promise.all([
    loadCourseRules(course.id, userId),
    db().exercise.findMany({
      where: { courseId: course.id },
      orderBy: [{ order: "asc" }, { slug: "asc" }],
      select: {
        id: true,
        title: true,
        currentVersion: { select: { meta: true } },
        allowances: { where: { userId }, select: { extraAttempts: true, resetAt: true } },
        progress: { where: { userId }, select: { attempts: true } },
      },
    }),
  ]);
  return {
    timeZone: rules.timeZone,
    assignments: rules.assignments.map((a) => {
      const ext = a.extensions.get(userId) ?? null;
      return {
        id: a.id,
        title: a.title,
        isExam: a.rules.isExam,
        dueAt: new Date(a.rules.dueAt),
        personalDueAt: new Date(personalDueAt(a.rules, ext)),
        extension: ext ? { dueAt: ext.dueAt === null ? null : new Date(ext.dueAt), extraMinutes: ext.extraMinutes } : null,
      };
    }),
    items: items.map((i) => ({
      id: i.id,
      title: exerciseTitleIn(i, viewerLocale(viewer)),
      maxAttempts: maxAttemptsOf(i.currentVersion?.meta),
      extraAttempts: i.allowances[0]?.extraAttempts ?? 0,
      attempts: i.progress[0]?.attempts ?? 0,
      resetAt: i.allowances[0]?.resetAt ?? null,
    })),
  };
}
