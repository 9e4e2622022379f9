import "server-only";
import { queueAssignmentLinks, queueScoreChanges, wakeOutbox } from "@/lib/lti/outbox";
import { z } from "zod";
import { describeLatePolicy, type LatePolicy, type StudentExtension } from "@/lib/assignments/policy";
import { isTimeZone, parseZonedTime } from "@/lib/assignments/time-zone";
import { formatTime } from "@/lib/i18n/format";
import { viewerTimeZone } from "@/lib/i18n/time-zone";
import type { Locale } from "@/lib/i18n/locales";
import { userText } from "@/lib/i18n/user-text";
import { db } from "./db";
import { exerciseTitleIn, SOURCE_LOCALE, TITLE_SELECT, viewerLocale, type ContentLocale } from "@/lib/exercises/i18n";
import { AccessError, type Viewer } from "./access";
import { assignmentSelect, creditedCell, loadCourseRules, rulesOf, type CourseRules } from "./credit";
import { requireCourseInstructor, type ManagedCourse } from "./instructor-access";

// Assignments for instructors: group items, set release and due times in the course's time zone,
// a late policy, or make it an exam. Every change that can move a credited score goes through a
// dry run first (who changes, old → new, per item) and is then applied in one transaction; the
// raw scores are never touched, credited scores are recomputed from them (docs/decisions/080).

export const LATE_POLICIES = ["none", "per-day", "per-hour", "until"] as const;

const percentField = (label: string) =>
  z.coerce.number({ error: `${label}: enter a number` }).min(0, `${label} is at least 0`).max(100, `${label} is at most 100`);

export const assignmentInputSchema = z.object({
  courseId: z.string().min(1).max(64),
  assignmentId: z.string().max(64).optional(),
  // U+0000 refused: PostgreSQL text cannot hold it (issue 16's hasNoNul/NUL_MESSAGE in lib/data/sql.ts).
  title: z
    .string()
    .trim()
    .min(1, "Give the assignment a title")
    .max(120, "The title is too long")
    .refine((t) => !t.includes("\u0000"), "The text contains a NUL character (U+0000)"),
  release: z.string().trim().min(1, "Give a release time").max(40),
  due: z.string().trim().min(1, "Give a due time").max(40),
  exerciseIds: z.array(z.string().min(1).max(64)).max(500),
  latePolicy: z.enum(LATE_POLICIES),
  latePenalty: percentField("The penalty").default(10),
  lateFloor: percentField("The floor").default(0),
  lateUntil: z.string().trim().max(40).default(""),
  lateFactor: percentField("The late factor").default(50),
  isExam: z.boolean(),
  examMinutes: z.coerce.number().int("Minutes must be a whole number").min(1, "At least 1 minute").max(24 * 60, "At most 24 hours").nullable(),
  publicTestsInExam: z.boolean(),
});
export type AssignmentInput = z.output<typeof assignmentInputSchema>;

export type AssignmentField = "title" | "release" | "due" | "exerciseIds" | "latePolicy" | "latePenalty" | "lateUntil" | "examMinutes";

/** One student's credited score on one item before and after a change. */
export interface CreditChange {
  userId: string;
  exerciseId: string;
  email: string;
  name: string | null;
  itemSlug: string;
  itemTitle: string;
  raw: number;
  before: number;
  after: number;
}

export interface ChangePreview {
  /** What the change does, in words (for the dry run's heading). */
  summary: string[];
  /** Student × item cells whose credited score changes. */
  changes: CreditChange[];
  /** Student × item cells looked at. */
  cells: number;
  ms: number;
}

export type PreviewResult = { ok: true; preview: ChangePreview } | { ok: false; message: string; errors?: Partial<Record<AssignmentField, string>> };

// ---------------------------------------------------------------------------------------------
// Recomputation: credited scores of every student × item under two sets of rules.

/** Graded attempts (time, raw score) per enrolled student × item of `exerciseIds`. */
async function attemptsOf(courseId: string, exerciseIds: readonly string[]) {
  const students = await db().enrollment.findMany({
    where: { courseId, user: { role: "student" } },
    select: { user: { select: { id: true, email: true, name: true } } },
  });
  const enrolled = new Map(students.map((s) => [s.user.id, s.user]));
  const where = { exerciseId: { in: [...exerciseIds] } };
  const [subs, answers] = await Promise.all([
    db().submission.findMany({ where: { ...where, mode: "hidden", status: "graded", gradable: true }, select: { userId: true, exerciseId: true, createdAt: true, score: true } }),
    db().quizAnswer.findMany({ where: { ...where, gradable: true, practice: false }, select: { userId: true, exerciseId: true, createdAt: true, score: true } }),
  ]);
  const cells = new Map<string, { userId: string; exerciseId: string; attempts: { at: number; score: number }[] }>();
  for (const r of [...subs, ...answers]) {
    if (!enrolled.has(r.userId)) continue;
    const key = `${r.userId}\0${r.exerciseId}`;
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = { userId: r.userId, exerciseId: r.exerciseId, attempts: [] }));
    cell.attempts.push({ at: r.createdAt.getTime(), score: r.score ?? 0 });
  }
  return { enrolled, cells: [...cells.values()] };
}

/** Every cell of `exerciseIds` whose credited score differs between `before` and `after`. */
export async function creditChanges(courseId: string, exerciseIds: readonly string[], before: CourseRules, after: CourseRules, locale: ContentLocale = SOURCE_LOCALE): Promise<{ changes: CreditChange[]; cells: number }> {
  if (exerciseIds.length === 0) return { changes: [], cells: 0 };
  const [{ enrolled, cells }, items] = await Promise.all([
    attemptsOf(courseId, exerciseIds),
    db().exercise.findMany({ where: { id: { in: [...exerciseIds] } }, select: { id: true, slug: true, ...TITLE_SELECT, order: true } }),
  ]);
  const itemOf = new Map(items.map((i) => [i.id, i]));
  const changes: CreditChange[] = [];
  for (const c of cells) {
    const old = creditedCell(before, c.userId, c.exerciseId, c.attempts);
    const now = creditedCell(after, c.userId, c.exerciseId, c.attempts);
    if (Math.abs(old.credited - now.credited) < 1e-9) continue;
    const student = enrolled.get(c.userId);
    const item = itemOf.get(c.exerciseId);
    if (!student || !item) continue;
    changes.push({ userId: c.userId, exerciseId: c.exerciseId, email: student.email, name: student.name, itemSlug: item.slug, itemTitle: exerciseTitleIn(item, locale), raw: old.raw, before: old.credited, after: now.credited });
  }
  changes.sort((a, b) => a.email.localeCompare(b.email) || a.itemSlug.localeCompare(b.itemSlug));
  return { changes, cells: cells.length };
}

/** `rules` with one assignment replaced (or added, or removed when `next` is null). */
export function withAssignment(rules: CourseRules, id: string, next: CourseRules["assignments"][number] | null): CourseRules {
  const assignments = rules.assignments.filter((a) => a.id !== id);
  if (next) assignments.push(next);
  const byExercise = new Map<string, number>();
  assignments.forEach((a, i) => a.exerciseIds.forEach((e) => byExercise.set(e, i)));
  return { ...rules, assignments, byExercise };
}

/** `rules` with some students' extensions on one assignment replaced (null: removed). */
export function withExtensions(rules: CourseRules, assignmentId: string, extensions: ReadonlyMap<string, StudentExtension | null>): CourseRules {
  return {
    ...rules,
    assignments: rules.assignments.map((a) => {
      if (a.id !== assignmentId) return a;
      const next = new Map(a.extensions);
      for (const [userId, ext] of extensions) {
        if (ext) next.set(userId, ext);
        else next.delete(userId);
      }
      return { ...a, extensions: next };
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface AssignmentSummaryDto {
  id: string;
  title: string;
  releaseAt: Date;
  dueAt: Date;
  policy: string;
  isExam: boolean;
  examMinutes: number | null;
  publicTestsInExam: boolean;
  resultsReleasedAt: Date | null;
  items: { id: string; slug: string; title: string }[];
  extensions: number;
}

export interface CourseAssignmentsDto {
  course: ManagedCourse & { timeZone: string };
  assignments: AssignmentSummaryDto[];
  /** Every item of the course, with the assignment it is in (for the item pickers). */
  items: { id: string; slug: string; title: string; hidden: boolean; assignmentId: string | null }[];
}

function policyText(a: Parameters<typeof rulesOf>[0], zone: string, locale: Locale): string {
  const rules = rulesOf(a);
  if (rules.isExam) return userText("instructorData.examPolicy", { minutes: rules.examMinutes ?? 0 });
  return describeLatePolicy(rules.policy, (t) => formatTime(t, { zone, locale }));
}

export async function listAssignments(viewer: Viewer | null, courseId: string): Promise<CourseAssignmentsDto> {
  const { course } = await requireCourseInstructor(viewer, courseId);
  const [info, rows, items] = await Promise.all([
    db().course.findUniqueOrThrow({ where: { id: course.id }, select: { timeZone: true } }),
    db().assignment.findMany({
      where: { courseId: course.id },
      orderBy: [{ position: "asc" }, { dueAt: "asc" }],
      select: {
        ...assignmentSelect,
        items: { orderBy: { position: "asc" }, select: { exercise: { select: { id: true, slug: true, ...TITLE_SELECT } } } },
        _count: { select: { extensions: true } },
      },
    }),
    db().exercise.findMany({
      where: { courseId: course.id },
      orderBy: [{ order: "asc" }, { slug: "asc" }],
      select: { id: true, slug: true, ...TITLE_SELECT, hidden: true, assignment: { select: { assignmentId: true } } },
    }),
  ]);
  const locale = viewerLocale(viewer);
  return {
    course: { ...course, timeZone: info.timeZone },
    assignments: rows.map((a) => ({
      id: a.id,
      title: a.title,
      releaseAt: a.releaseAt,
      dueAt: a.dueAt,
      policy: policyText(a, viewerTimeZone(viewer, info.timeZone), viewerLocale(viewer)),
      isExam: a.isExam,
      examMinutes: a.examMinutes,
      publicTestsInExam: a.publicTestsInExam,
      resultsReleasedAt: a.resultsReleasedAt,
      items: a.items.map(({ exercise: e }) => ({ id: e.id, slug: e.slug, title: exerciseTitleIn(e, locale) })),
      extensions: a._count.extensions,
    })),
    items: items.map(({ assignment, currentVersion, ...i }) => ({ ...i, title: exerciseTitleIn({ title: i.title, currentVersion }, locale), assignmentId: assignment?.assignmentId ?? null })),
  };
}

/** The assignment and its course, when the viewer is staff of that course. */
export async function requireAssignmentInstructor(viewer: Viewer | null | undefined, assignmentId: string) {
  const row = await db().assignment.findUnique({ where: { id: assignmentId }, select: { courseId: true } });
  // Before the ownership check, an unknown id must look like a foreign one (031): check the role first.
  if (!row) {
    await requireCourseInstructor(viewer, "");
    throw new AccessError(403, userText("instructorData.noSuchAssignment"));
  }
  const access = await requireCourseInstructor(viewer, row.courseId);
  return { ...access, assignmentId };
}

// ---------------------------------------------------------------------------------------------
// Creating and changing an assignment: dry run, then apply.

type Checked =
  | { ok: false; message: string; errors?: Partial<Record<AssignmentField, string>> }
  | {
      ok: true;
      course: ManagedCourse & { timeZone: string };
      id: string;
      isNew: boolean;
      data: {
        title: string;
        releaseAt: Date;
        dueAt: Date;
        latePolicy: LatePolicy["kind"];
        latePenalty: number;
        lateFloor: number;
        lateUntil: Date | null;
        lateFactor: number;
        isExam: boolean;
        examMinutes: number | null;
        publicTestsInExam: boolean;
      };
      exerciseIds: string[];
      before: CourseRules;
      after: CourseRules;
      /** The instructor's language: item titles in the change preview. */
      locale: ContentLocale;
      summary: string[];
    };

async function checkAssignment(viewer: Viewer | null, input: AssignmentInput): Promise<Checked> {
  const { course } = await requireCourseInstructor(viewer, input.courseId);
  const existing = input.assignmentId
    ? await db().assignment.findFirst({ where: { id: input.assignmentId, courseId: course.id }, select: { id: true, title: true, resultsReleasedAt: true } })
    : null;
  if (input.assignmentId && !existing) throw new AccessError(403, userText("instructorData.noSuchAssignment"));
  const { timeZone } = await db().course.findUniqueOrThrow({ where: { id: course.id }, select: { timeZone: true } });
  const errors: Partial<Record<AssignmentField, string>> = {};
  const inZone = (field: AssignmentField, text: string): Date | null => {
    const t = parseZonedTime(text, timeZone);
    if (t.ok) return t.instant;
    errors[field] = t.reason + userText("timeParse.courseZoneSuffix", { zone: timeZone });
    return null;
  };
  const releaseAt = inZone("release", input.release);
  const dueAt = inZone("due", input.due);
  if (releaseAt && dueAt && dueAt.getTime() <= releaseAt.getTime()) errors.due = userText("instructorData.dueAfterRelease", { release: formatTime(releaseAt, { zone: timeZone, locale: viewerLocale(viewer) }) });
  let lateUntil: Date | null = null;
  if (!input.isExam && input.latePolicy === "until") {
    lateUntil = inZone("lateUntil", input.lateUntil);
    if (lateUntil && dueAt && lateUntil.getTime() <= dueAt.getTime()) errors.lateUntil = userText("instructorData.lateAfterDue");
  }
  if (!input.isExam && (input.latePolicy === "per-day" || input.latePolicy === "per-hour") && input.latePenalty <= 0) errors.latePenalty = userText("instructorData.penaltyPositive");
  const clash = await db().assignment.findFirst({ where: { courseId: course.id, title: input.title, NOT: { id: existing?.id ?? "" } }, select: { id: true } });
  if (clash) errors.title = userText("instructorData.titleTaken");
  const exerciseIds = [...new Set(input.exerciseIds)];
  const items = await db().exercise.findMany({ where: { id: { in: exerciseIds }, courseId: course.id }, select: { id: true, title: true, assignment: { select: { assignmentId: true, assignment: { select: { title: true } } } } } });
  if (items.length !== exerciseIds.length) errors.exerciseIds = userText("instructorData.itemsElsewhere");
  const taken = items.filter((i) => i.assignment && i.assignment.assignmentId !== existing?.id);
  if (taken.length > 0) errors.exerciseIds = userText("instructorData.alreadyAssigned", { items: taken.map((i) => `${i.title} (${i.assignment?.assignment.title})`).join(", ") });
  if (input.isExam && input.examMinutes !== null && releaseAt && dueAt && input.examMinutes * 60_000 > dueAt.getTime() - releaseAt.getTime()) {
    errors.examMinutes = userText("instructorData.durationTooLong");
  }
  if (Object.keys(errors).length > 0 || !releaseAt || !dueAt) return { ok: false, message: userText("instructorData.fixFields"), errors };

  const policyKind: LatePolicy["kind"] = input.isExam ? "none" : input.latePolicy;
  const data = {
    title: input.title,
    releaseAt,
    dueAt,
    latePolicy: policyKind,
    latePenalty: policyKind === "per-day" || policyKind === "per-hour" ? input.latePenalty / 100 : 0,
    lateFloor: policyKind === "per-day" || policyKind === "per-hour" ? input.lateFloor / 100 : 0,
    lateUntil: policyKind === "until" ? lateUntil : null,
    lateFactor: policyKind === "until" ? input.lateFactor / 100 : 0,
    isExam: input.isExam,
    examMinutes: input.isExam ? input.examMinutes : null,
    publicTestsInExam: input.isExam && input.publicTestsInExam,
  };
  const before = await loadCourseRules(course.id);
  const id = existing?.id ?? `new:${input.title}`;
  const old = before.assignments.find((a) => a.id === id);
  const after = withAssignment(before, id, {
    id,
    title: data.title,
    rules: rulesOf(data),
    resultsReleasedAt: existing?.resultsReleasedAt ?? null,
    publicTestsInExam: data.publicTestsInExam,
    exerciseIds,
    extensions: old?.extensions ?? new Map<string, StudentExtension>(),
    starts: old?.starts ?? new Map<string, number>(),
  });
  // The dry run's summary in the instructor's language: userText references, dates in their conventions.
  // In the course's zone, in which the form was typed; the summary names it once.
  const at = (d: Date | number) => formatTime(d, { zone: timeZone, locale: viewerLocale(viewer), named: false });
  const summary = [
    userText("instructorData.summaryChange", { isNew: String(!existing), title: data.title, release: at(releaseAt), due: at(dueAt), zone: timeZone }),
    data.isExam
      ? userText("instructorData.summaryExam", { minutes: data.examMinutes ?? 0 })
      : userText("instructorData.summaryPolicyLabel") + describeLatePolicy(rulesOf(data).policy, at),
    userText("instructorData.summaryItems", { count: exerciseIds.length }),
  ];
  return { ok: true, course: { ...course, timeZone }, id, isNew: !existing, data, exerciseIds, before, after, summary, locale: viewerLocale(viewer) };
}

async function previewOf(checked: Extract<Checked, { ok: true }>, started: number): Promise<ChangePreview> {
  const affected = [...new Set([...checked.exerciseIds, ...(checked.before.assignments.find((a) => a.id === checked.id)?.exerciseIds ?? [])])];
  const { changes, cells } = await creditChanges(checked.course.id, affected, checked.before, checked.after, checked.locale);
  return { summary: checked.summary, changes, cells, ms: performance.now() - started };
}

/** Dry run: what creating or changing the assignment would do to credited scores. Writes nothing. */
export async function previewAssignment(viewer: Viewer | null, input: AssignmentInput): Promise<PreviewResult> {
  const started = performance.now();
  const checked = await checkAssignment(viewer, input);
  if (!checked.ok) return checked;
  return { ok: true, preview: await previewOf(checked, started) };
}

/** Applies the change (checked again) in one transaction and returns the same table as the dry run. */
export async function saveAssignment(viewer: Viewer | null, input: AssignmentInput): Promise<PreviewResult & { assignmentId?: string }> {
  const started = performance.now();
  const checked = await checkAssignment(viewer, input);
  if (!checked.ok) return checked;
  const preview = await previewOf(checked, started);
  const courseId = checked.course.id;
  const itemsBefore = checked.before.assignments.find((a) => a.id === checked.id)?.exerciseIds ?? [];
  const itemsChanged = !checked.isNew && (itemsBefore.length !== checked.exerciseIds.length || itemsBefore.some((e) => !checked.exerciseIds.includes(e)));
  let queued = false;
  const id = await db().$transaction(async (tx) => {
    const row = checked.isNew
      ? await tx.assignment.create({ data: { ...checked.data, courseId, position: await tx.assignment.count({ where: { courseId } }) }, select: { id: true } })
      : await tx.assignment.update({ where: { id: checked.id }, data: checked.data, select: { id: true } });
    await tx.assignmentItem.deleteMany({ where: { assignmentId: row.id } });
    await tx.assignmentItem.createMany({ data: checked.exerciseIds.map((exerciseId, position) => ({ assignmentId: row.id, exerciseId, position })) });
    // Credited scores that change reach a linked LMS too (decision 095).
    queued = await queueScoreChanges(tx, preview.changes);
    // An LMS activity grading the whole assignment (decision 096) has a new sum and maximum.
    if (itemsChanged) queued = (await queueAssignmentLinks(tx, row.id)) || queued;
    return row.id;
  });
  if (queued) wakeOutbox();
  return { ok: true, preview, assignmentId: id };
}

/** Deleting an assignment: its items become ordinary items again (credited = raw). */
export async function previewDeleteAssignment(viewer: Viewer | null, assignmentId: string): Promise<ChangePreview> {
  const started = performance.now();
  const { course } = await requireAssignmentInstructor(viewer, assignmentId);
  const before = await loadCourseRules(course.id);
  const old = before.assignments.find((a) => a.id === assignmentId);
  const { changes, cells } = await creditChanges(course.id, old?.exerciseIds ?? [], before, withAssignment(before, assignmentId, null), viewerLocale(viewer));
  return { summary: [userText("instructorData.summaryDelete", { title: old?.title ?? "" })], changes, cells, ms: performance.now() - started };
}

export async function deleteAssignment(viewer: Viewer | null, assignmentId: string): Promise<ChangePreview> {
  const preview = await previewDeleteAssignment(viewer, assignmentId);
  const queued = await db().$transaction(async (tx) => {
    await tx.assignment.delete({ where: { id: assignmentId } });
    return queueScoreChanges(tx, preview.changes);
  });
  if (queued) wakeOutbox();
  return preview;
}

// ---------------------------------------------------------------------------------------------
// The course's time zone

export const timeZoneInputSchema = z.object({
  courseId: z.string().min(1).max(64),
  timeZone: z.string().trim().max(64).refine(isTimeZone, "Not a time zone this server knows (use a name such as Europe/Berlin)"),
});

/**
 * Sets the zone in which the course's wall-clock times are read and shown. Stored instants do not
 * move: an assignment due at 22:59 UTC stays due then, shown in the new zone.
 */
export async function setCourseTimeZone(viewer: Viewer | null, input: z.output<typeof timeZoneInputSchema>): Promise<void> {
  const { course } = await requireCourseInstructor(viewer, input.courseId);
  await db().course.update({ where: { id: course.id }, data: { timeZone: input.timeZone } });
}

export interface AssignmentAdminDto {
  course: ManagedCourse & { timeZone: string };
  assignment: AssignmentSummaryDto & { latePolicy: LatePolicy["kind"]; latePenalty: number; lateFloor: number; lateUntil: Date | null; lateFactor: number };
  items: CourseAssignmentsDto["items"];
  /** Titles of the course's assignments by id (for the item picker). */
  titles: Map<string, string>;
  extensions: { userId: string; email: string; dueAt: Date | null; extraMinutes: number; personalDueAt: Date }[];
  students: { id: string; email: string }[];
}

/** One assignment with everything its page shows: settings, extensions, the course's students. */
export async function getAssignmentAdmin(viewer: Viewer | null, assignmentId: string): Promise<AssignmentAdminDto> {
  const { course } = await requireAssignmentInstructor(viewer, assignmentId);
  const [list, row, students] = await Promise.all([
    listAssignments(viewer, course.id),
    db().assignment.findUniqueOrThrow({
      where: { id: assignmentId },
      select: { ...assignmentSelect, extensions: { select: { userId: true, dueAt: true, extraMinutes: true, user: { select: { email: true } } }, orderBy: { user: { email: "asc" } } } },
    }),
    db().enrollment.findMany({ where: { courseId: course.id, user: { role: "student" } }, select: { user: { select: { id: true, email: true } } }, orderBy: { user: { email: "asc" } } }),
  ]);
  const summary = list.assignments.find((a) => a.id === assignmentId);
  if (!summary) throw new AccessError(403, userText("instructorData.noSuchAssignment"));
  const rules = rulesOf(row);
  return {
    course: list.course,
    assignment: { ...summary, latePolicy: rules.policy.kind, latePenalty: row.latePenalty, lateFloor: row.lateFloor, lateUntil: row.lateUntil, lateFactor: row.lateFactor },
    items: list.items,
    titles: new Map(list.assignments.map((a) => [a.id, a.title])),
    extensions: row.extensions.map((x) => ({
      userId: x.userId,
      email: x.user.email,
      dueAt: x.dueAt,
      extraMinutes: x.extraMinutes,
      personalDueAt: new Date((x.dueAt ?? row.dueAt).getTime() + x.extraMinutes * 60_000),
    })),
    students: students.map((s) => s.user),
  };
}
