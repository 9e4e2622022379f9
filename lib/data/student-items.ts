import "server-only";
import { z } from "zod";
import { presentationForStudent, type StudentQuizPresentation } from "@/lib/exercises/graph-display";
import { quizPresentationSchema } from "@/lib/exercises/quiz";
import { localizedTextSchema, promptFile, titleIn, translationIssues, viewerLocale, type ContentLocale } from "@/lib/exercises/i18n";
import type { QuizAnswer } from "@/lib/exercises/suite-types";
import { localizerFor } from "@/lib/exercises/platform-messages";
import type { GraderClient } from "@/lib/grading/client";
import { userText } from "@/lib/i18n/user-text";
import { localizeResult, type GradeMode, type GradeResult } from "@/lib/grading/contract";
import { db } from "./db";
import { assertUser, type Viewer } from "./access";
import { findCourseForViewer } from "./enrollment";
import { parseVersionFiles, versionSource } from "./packages";
import { closedReasonOf, maxAttemptsOf, statusOf, type ItemStatus } from "./progress";
import { attemptLimitFor, withheldResult, type WithheldResult } from "./credit";
import type { StudentAssignmentDto } from "@/lib/assignments/policy";
import { getStudentSchedule } from "./student-assignments";
import { practiceSeedFor, seedFor } from "./seeds";
import { practiceOpen } from "./practice";
import { attemptsLeftOf, findStudentItemAccess, withFiles, type Lock } from "./student-access";
import { getOwnSubmissionStatus, listSubmissionHistory, type SubmissionSummaryDto } from "./submissions";

// What a student's browser gets for one course item. Built field by field from the stored
// version: the solution, hidden cases, mistakes and samples stay on the server. Quiz items are
// presented for this student's seed (their own numbers) by the grader, which runs the package's
// suite; never with the answer, and a graph question only with the numbers its figure shows.

interface ItemBaseDto {
  course: { id: string; slug: string; title: string };
  /** The course is archived and the viewer is not its staff: read-only (decision 122). */
  archived: boolean;
  /** The viewer is staff of the course: a preview, where tries use no attempts. */
  staffPreview: boolean;
  exerciseId: string;
  slug: string;
  /** In the viewer's language (the other one when it has none). */
  title: string;
  /**
   * Some of this item's text is not written in the viewer's language: it is shown in the other
   * one, and the page says so (issue 18: never an empty page).
   */
  contentFallback: boolean;
  points: number;
  status: ItemStatus;
  /** The score kept for the item (after the late policy); 0 while an exam hides results. */
  bestScore: number;
  /** The best raw score; differs from bestScore for late work. */
  rawScore: number;
  /** An exam's results not released: no score is shown. */
  resultsHidden: boolean;
  /** The item's assignment with the viewer's own due time and what a submission now earns. */
  assignment: StudentAssignmentDto | null;
  attempts: number;
  maxAttempts: number | null;
  /** null = unlimited */
  attemptsLeft: number | null;
  prev: { slug: string; title: string } | null;
  next: { slug: string; title: string } | null;
}

/**
 * The student's last result on the item, shown again after a reload (issue 21): a code run or
 * submission as stored, a quiz answer graded again on the version and numbers it was given on.
 */
export interface LastResultDto {
  mode: GradeMode | "quiz";
  at: Date;
  /** null while an exam's results are withheld (then `withheld`), or when grading failed (`error`). */
  result: GradeResult | null;
  withheld: WithheldResult | null;
  /** Why grading failed (a grader fault), in words a student can act on. */
  error: string | null;
}

export interface CodeItemDto extends ItemBaseDto {
  kind: "code";
  prompt: string;
  starter: string;
  draft: { code: string; savedAt: Date } | null;
  /** Names the module must export (shown in the prompt's footer). */
  exports: string[];
  history: SubmissionSummaryDto[];
  lastResult: LastResultDto | null;
}

export interface QuizItemDto extends ItemBaseDto {
  kind: "numeric" | "choice" | "order" | "graph";
  prompt: string;
  presentation: StudentQuizPresentation;
  lastAnswer: QuizAnswer | null;
  /** The graded attempts are used: practice rounds on new numbers are open (lib/data/practice.ts). */
  canPractice: boolean;
  /** The practice round shown instead of the graded variant; null: the graded variant. */
  practice: { round: number } | null;
  lastResult: LastResultDto | null;
}

/** An item the student may not open yet: only its title and what to attempt first. */
export interface LockedItemDto extends ItemBaseDto {
  kind: "locked";
  lockedBy: Lock;
}

/** An item of an assignment that is not open yet (before its release, or an exam not started). */
export interface ClosedItemDto extends ItemBaseDto {
  kind: "closed";
  reason: string;
}

/** A quiz whose variant could not be made right now (no grader answered, or its package failed): nothing was spent. */
export interface UnavailableItemDto extends ItemBaseDto {
  kind: "unavailable";
  /** In the reader's language (a userText reference or already rendered). */
  reason: string;
}

export type StudentItemDto = CodeItemDto | QuizItemDto | LockedItemDto | ClosedItemDto | UnavailableItemDto;

// Failures of the platform itself (graders away or busy): the student is told so and to retry. A
// package's own failure is the author's to read (validation shows it), not the student's.
const PLATFORM_FAILURES = new Set(["grader.unreachable", "grader.no-answer", "grader.closed", "grader.no-answer-given", "grader.unexpected-answer"]);

const quizAnswerSchema: z.ZodType<QuizAnswer> = z.union([
  z.object({ kind: z.literal("numeric"), values: z.record(z.string(), z.number()) }),
  z.object({ kind: z.literal("choice"), selected: z.array(z.string()) }),
  z.object({ kind: z.literal("order"), order: z.array(z.string()) }),
  z.object({ kind: z.literal("graph"), values: z.record(z.string(), z.number()) }),
]);

const exportsSchema = z.object({ exports: z.array(z.string()).optional() });
const fallbackMetaSchema = z.object({
  title: localizedTextSchema,
  mistakes: z.array(z.object({ id: z.string(), message: localizedTextSchema })).optional(),
  messages: z.record(z.string(), localizedTextSchema).optional(),
});

/** Is any of a version's student-visible text missing in `locale` (so the page shows the other language)? */
function missingIn(version: { meta: unknown; files: unknown } | null | undefined, locale: ContentLocale): boolean {
  if (!version) return false;
  const meta = fallbackMetaSchema.safeParse(version.meta);
  const files = z.record(z.string(), z.string()).safeParse(version.files);
  if (!meta.success || !files.success) return false;
  return translationIssues({ files: files.data, meta: meta.data }).some((i) => i.locale === locale && i.kind === "missing");
}

/**
 * `practiceRound`: show that round of practice numbers instead of the graded variant, when
 * practice is open (the graded attempts are used); otherwise it is ignored.
 */
export async function getStudentItem(
  viewer: Viewer | null,
  courseRef: string,
  itemSlug: string,
  grader: Pick<GraderClient, "present" | "grade">,
  { practiceRound }: { practiceRound?: number } = {},
): Promise<StudentItemDto | null> {
  const user = assertUser(viewer);
  const course = await findCourseForViewer(user, courseRef);
  if (!course) return null;
  const visible = course.staff ? {} : { hidden: false };
  const locale = viewerLocale(user);
  const siblings = (
    await db().exercise.findMany({
      where: { courseId: course.id, ...visible },
      orderBy: [{ order: "asc" }, { slug: "asc" }],
      select: { id: true, slug: true, title: true, currentVersion: { select: { meta: true } } },
    })
  ).map((s) => ({ id: s.id, slug: s.slug, title: titleIn(s.currentVersion?.meta, s.title, locale).text }));
  const index = siblings.findIndex((s) => s.slug === itemSlug);
  const found = siblings[index];
  if (!found) return null;
  const access = await findStudentItemAccess(user, found.id);
  const row = await db().exercise.findUniqueOrThrow({
    where: { id: access.id },
    select: {
      title: true,
      currentVersion: { select: { meta: true, files: true } },
      points: true,
      progress: { where: { userId: user.id }, select: { bestScore: true, attempts: true } },
      allowances: { where: { userId: user.id }, select: { extraAttempts: true } },
    },
  });
  const progress = row.progress[0];
  const maxAttempts = attemptLimitFor(access, maxAttemptsOf(access.currentVersion.meta), row.allowances[0]?.extraAttempts ?? 0);
  // Course running: the item's assignment, due time and credited score for this student.
  const schedule = await getStudentSchedule(user.id, course.id, undefined, viewerLocale(user), user.timeZone);
  const assignment = schedule.assignmentOf.get(access.id) ?? null;
  const score = schedule.scores.get(access.id);
  // Hidden on an exam item before any submission too: no "best 0 %" next to an exam.
  const hidden = !access.staff && ((score?.hidden ?? false) || (assignment?.exam?.resultsHidden ?? false));
  const attempts = progress?.attempts ?? 0;
  const neighbour = (i: number) => {
    const s = siblings[i];
    return s ? { slug: s.slug, title: s.title } : null;
  };
  const base: ItemBaseDto = {
    course: { id: course.id, slug: course.slug, title: course.title },
    archived: course.archived && !access.staff,
    staffPreview: access.staff,
    exerciseId: access.id,
    slug: access.slug,
    title: titleIn(row.currentVersion?.meta, row.title, locale).text,
    contentFallback: missingIn(row.currentVersion, locale),
    points: row.points,
    status: hidden && statusOf(progress) === "solved" ? "attempted" : statusOf(progress),
    bestScore: hidden ? 0 : (score?.credited ?? progress?.bestScore ?? 0),
    rawScore: hidden ? 0 : (score?.raw ?? progress?.bestScore ?? 0),
    resultsHidden: hidden,
    assignment,
    attempts,
    maxAttempts,
    attemptsLeft: attemptsLeftOf(maxAttempts, attempts),
    prev: neighbour(index - 1),
    next: neighbour(index + 1),
  };
  // Locked: none of the item's content leaves the server until the prerequisite is attempted.
  if (access.lockedBy) {
    // The prerequisite's title in the reader's language, as the course's list has it.
    const title = siblings.find((s) => s.slug === access.lockedBy?.slug)?.title ?? access.lockedBy.title;
    return { ...base, kind: "locked", lockedBy: { ...access.lockedBy, title } };
  }
  // Not released yet, or an exam the student has not started: nothing of its content either.
  const closed = access.staff ? null : closedReasonOf(assignment ?? undefined);
  if (closed) return { ...base, kind: "closed", reason: closed };

  const exercise = await withFiles(access);
  if (exercise.kind === "code") {
    const files = parseVersionFiles(exercise.currentVersion.files);
    const draft = await db().draft.findUnique({
      where: { userId_exerciseId: { userId: user.id, exerciseId: exercise.id } },
      select: { code: true, updatedAt: true },
    });
    const meta = exportsSchema.safeParse(exercise.currentVersion.meta);
    return {
      ...base,
      kind: "code",
      // Only these two files of the package are sent: the prompt (in the viewer's language when
      // it is written in it) and the starter.
      prompt: files[promptFile(locale)] ?? files["prompt.md"] ?? "",
      starter: files["starter.ts"] ?? "",
      draft: draft ? { code: draft.code, savedAt: draft.updatedAt } : null,
      exports: meta.success ? (meta.data.exports ?? []) : [],
      history: await listSubmissionHistory(user, exercise.id),
      lastResult: await lastCodeResult(user, exercise.id),
    };
  }

  const canPractice = practiceOpen(maxAttempts, attempts, hidden ? { resultsHidden: true } : null);
  const practice = canPractice && practiceRound !== undefined ? { round: practiceRound } : null;
  const seed = practice === null ? seedFor(user.id, exercise.key) : practiceSeedFor(user.id, exercise.key, practice.round);
  const presented = await grader.present(await versionSource(exercise.currentVersion, exercise), seed, locale);
  if (!presented.ok) {
    console.warn(`[chainrule] exercise ${exercise.slug} could not be presented: ${presented.message}`);
    const reason = PLATFORM_FAILURES.has(presented.text.key) ? localizerFor(locale).text(presented.text) : userText("errors.itemPackageFailed");
    return { ...base, kind: "unavailable", reason };
  }
  const presentation = quizPresentationSchema.parse(presented.value.presentation);
  const last = await db().quizAnswer.findFirst({
    where: { userId: user.id, exerciseId: exercise.id, seed, practice: practice !== null },
    orderBy: { createdAt: "desc" },
    select: { answer: true, exerciseVersionId: true, createdAt: true },
  });
  const lastAnswer = last ? quizAnswerSchema.safeParse(last.answer) : null;
  // Quiz answers store their score, not the result: the same answer on the same version and seed
  // grades the same, so it is graded again for the page (decision 124).
  let lastResult: LastResultDto | null = null;
  if (last && lastAnswer?.success) {
    const graded = await grader.grade({ pkg: await versionSource({ id: last.exerciseVersionId }, exercise), answer: lastAnswer.data, seed, owner: user.id });
    lastResult = {
      mode: "quiz",
      at: last.createdAt,
      result: hidden ? null : localizeResult(graded, locale).result,
      withheld: hidden ? withheldResult(graded) : null,
      error: null,
    };
  }
  return {
    ...base,
    kind: presentation.kind,
    prompt: presented.value.prompt,
    presentation: presentationForStudent(presentation, presented.value.rtol),
    lastAnswer: lastAnswer?.success ? lastAnswer.data : null,
    canPractice,
    practice,
    lastResult,
  };
}

/** The newest finished run or submission of the viewer's on a code item, as its student may see it. */
async function lastCodeResult(user: Viewer, exerciseId: string): Promise<LastResultDto | null> {
  const last = await db().submission.findFirst({
    where: { userId: user.id, exerciseId, status: { in: ["graded", "error"] } },
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });
  const shown = last && (await getOwnSubmissionStatus(user, last.id));
  if (!shown) return null;
  return { mode: shown.mode, at: shown.finishedAt ?? shown.createdAt, result: shown.result, withheld: shown.withheld, error: shown.error };
}
