import "server-only";
import { userText } from "@/lib/i18n/user-text";
import { z } from "zod";
import type { GraderClient, PackageSource } from "@/lib/grading/client";
import { gradeResultSchema, localizeResult, type GradeMode, type GradeResult } from "@/lib/grading/contract";
import { SOURCE_LOCALE, viewerLocale, type ContentLocale } from "@/lib/exercises/i18n";
import { db, readOne, sqliteDate, sqliteDateText, sqliteJson, writeTransaction } from "./db";
import { withBusyRetry } from "./busy-retry";
import { newRowId } from "./ids";
import { hasNoNul, jsonWithoutNul, NUL_MESSAGE, withoutNul, type SqlWork } from "./sql";
import { AccessError, assertUser, type Viewer } from "./access";
import { versionSource } from "./packages";
import { applyGradedAttempt, maxAttemptsOf, releaseAttempt, reserveAttempt, statusOf } from "./progress";
import type { ItemStanding } from "@/lib/submissions/standing";
import { attemptLimitFor, creditedBestOf, isItemStaff, ITEM_RULES_SQL, itemRulesFromRow, itemRulesParams, permitSubmission, readItemRules, resultsWithheld, withheldResult, type ItemRulesRow, type WithheldResult } from "./credit";
import { seedFor } from "./seeds";
import { recordScoreChange, wakeOutbox } from "@/lib/lti/outbox";
import { attemptsLeftOf, findStudentExercise, findStudentExerciseMeta } from "./student-access";

// Code submissions and quiz answers. A code submission row is written (running: the request that
// stores it grades it) BEFORE grading and updated after, so a grader crash or restart never loses
// a student's code; only gradable hidden-mode results count as attempts (syntax errors, sandbox
// faults and public runs do not).

/** Same cap as the grader (lib/grading/transpile MAX_CODE_BYTES), checked before a row is written. */
export const MAX_CODE_CHARS = 64 * 1024;

export const codeSubmissionInputSchema = z.object({
  exerciseId: z.string().min(1).max(64),
  code: z
    .string()
    .min(1, userText("errors.noCode"))
    .max(MAX_CODE_CHARS, userText("errors.codeTooLong"))
    // Blank code is no submission (the page says so before sending: lib/submissions/refusals.ts).
    .refine((code) => code.trim() !== "", userText("errors.noCode"))
    // No TypeScript needs a raw U+0000 (write "\0"), and PostgreSQL cannot store it (lib/data/sql.ts).
    .refine(hasNoNul, NUL_MESSAGE),
  mode: z.enum(["public", "hidden"]),
});
export type CodeSubmissionInput = z.infer<typeof codeSubmissionInputSchema>;

export interface SubmissionSummaryDto {
  id: string;
  createdAt: Date;
  status: "queued" | "running" | "graded" | "error";
  score: number | null;
  gradable: boolean | null;
  diagnosis: string | null;
  /** An exam's results are not released yet: score and diagnosis are not shown (null). */
  withheld: boolean;
}

/**
 * A stored submission row to grade and record: the one job of the submission lifecycle
 * (lib/submissions), the same in memory and on a queue. What the request that stored the row
 * knew, so grading need not read the row back.
 */
export const submissionJobSchema = z.object({
  submissionId: z.string().min(1).max(64),
  userId: z.string().min(1).max(64),
  exerciseId: z.string().min(1).max(64),
  exerciseVersionId: z.string().min(1).max(64),
  /** The exercise's slug and source, which name its package in messages (packages.ts packageLabel). */
  slug: z.string().min(1).max(100),
  source: z.string().min(1).max(32),
  code: z.string().max(MAX_CODE_CHARS),
  seed: z.number().int(),
  mode: z.enum(["public", "hidden"]),
});
export type SubmissionJob = z.infer<typeof submissionJobSchema>;

/** The status a new row is stored with: `running` when this process grades it at once, `queued` when a queue takes it. */
export type StoredStatus = "running" | "queued";

export type StartedSubmission = { ok: true; job: SubmissionJob } | { ok: false; message: string };

export async function startCodeSubmission(viewer: Viewer | null, input: CodeSubmissionInput, status: StoredStatus = "running"): Promise<StartedSubmission> {
  const user = assertUser(viewer);
  const exercise = await findStudentExerciseMeta(user, input.exerciseId);
  if (exercise.kind !== "code") return { ok: false, message: userText("errors.notCoding") };
  const seed = seedFor(user.id, exercise.key);
  // Plain SQL, not Prisma: this runs for every submission (lib/data/db.ts writeTransaction).
  // Stored as running when this process grades it right away: a crash leaves it to the next
  // start's re-queue, which takes queued and running rows alike (decision 046).
  const id = newRowId();
  const stored = await writeTransaction(function* (sql): SqlWork<{ ok: true } | { ok: false; message: string }> {
    // Course running (issue 19, lib/data/credit.ts): release time, exam window and duration, extra
    // attempts, read in the transaction that stores the row. `now` is both checked and stored: the
    // time that counts is when the server stored it, whatever the browser's clock says.
    const now = new Date();
    const permit = permitSubmission(exercise, itemRulesFromRow(yield* sql.get<ItemRulesRow>(ITEM_RULES_SQL, ...itemRulesParams(user.id, exercise.id))), now, input.mode, viewerLocale(user), user.timeZone);
    if (!permit.ok) return permit;
    // A limited attempt is reserved in the same transaction as the row (decision 069), so requests
    // sent together cannot exceed attempts.max; unlimited attempts (the common case) reserve nothing.
    const maxAttempts = attemptLimitFor(exercise, maxAttemptsOf(exercise.currentVersion.meta), permit.extraAttempts);
    const reserve = input.mode === "hidden" && maxAttempts !== null;
    if (reserve && !(yield* reserveAttempt(sql, user.id, exercise.id, maxAttempts))) return { ok: false, message: userText("errors.attemptsUsedExercise") };
    const storedAt = sqliteDateText(now);
    yield* sql.run(
      `INSERT INTO "Submission" ("id", "userId", "exerciseId", "exerciseVersionId", "code", "seed", "mode", "status", "createdAt", "startedAt", "attemptReserved") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      id,
      user.id,
      exercise.id,
      exercise.currentVersion.id,
      input.code,
      seed,
      input.mode,
      status,
      storedAt,
      status === "running" ? storedAt : null,
      reserve ? 1 : 0,
    );
    return { ok: true };
  });
  if (!stored.ok) return stored;
  return {
    ok: true,
    job: { submissionId: id, userId: user.id, exerciseId: exercise.id, exerciseVersionId: exercise.currentVersion.id, slug: exercise.slug, source: exercise.source, code: input.code, seed, mode: input.mode },
  };
}

/** The package a job is graded against: its version's files (read once per version and process). */
export function jobPackage(job: SubmissionJob): Promise<PackageSource> {
  return versionSource({ id: job.exerciseVersionId }, job);
}

/** A pending (queued/running) row as a job; null once it is graded or failed, or if it does not exist. */
export async function readPendingSubmissionJob(submissionId: string): Promise<SubmissionJob | null> {
  const row = await withBusyRetry(() =>
    db().submission.findUnique({
      where: { id: submissionId },
      select: { status: true, code: true, seed: true, mode: true, userId: true, exerciseId: true, exerciseVersionId: true, exercise: { select: { slug: true, source: true } } },
    }),
  );
  if (!row || (row.status !== "queued" && row.status !== "running")) return null;
  // Graded against the version it was submitted to.
  return { submissionId, userId: row.userId, exerciseId: row.exerciseId, exerciseVersionId: row.exerciseVersionId, slug: row.exercise.slug, source: row.exercise.source, code: row.code, seed: row.seed, mode: row.mode };
}

/**
 * Rows still queued/running, oldest first: after a crash or a restart, or whose job a queue lost.
 * `createdBefore` leaves out rows so recent that their own request is still handing them over.
 */
export async function listPendingSubmissionIds(createdBefore?: Date): Promise<string[]> {
  const rows = await withBusyRetry(() =>
    db().submission.findMany({
      where: { status: { in: ["queued", "running"] }, ...(createdBefore ? { createdAt: { lt: createdBefore } } : {}) },
      orderBy: { createdAt: "asc" },
      select: { id: true },
    }),
  );
  return rows.map((r) => r.id);
}

export interface RecordedGrade {
  /** False when the row was no longer pending (finished by a racing re-queue): nothing written. */
  wrote: boolean;
  /** The student's progress after this attempt; null when it did not count (or was not written). */
  progress: { bestScore: number; attempts: number } | null;
  finishedAt: Date;
  /** The result as stored in the row (JSON text of an already validated GradeResult). */
  resultJson: string;
  /** An LMS grade passback was queued in the same transaction (lib/lti/outbox.ts). */
  passback: boolean;
}

/**
 * Stores a grade on a pending (queued/running) row and, when it counts as an attempt (hidden mode,
 * gradable), the student's progress, in one transaction. A row that is no longer pending is left
 * alone, so a re-queue racing the original request cannot count an attempt twice.
 */
export async function recordGrade(submissionId: string, row: { userId: string; exerciseId: string; mode: GradeMode }, result: GradeResult): Promise<RecordedGrade> {
  const counted = row.mode === "hidden" && result.gradable;
  const finishedAt = new Date();
  const resultJson = jsonWithoutNul(result);
  const recorded = await writeTransaction(function* (sql) {
    const updated = yield* sql.get<{ attemptReserved: number }>(
      `UPDATE "Submission" SET "status" = 'graded', "gradable" = ?, "score" = ?, "result" = ?, "error" = ?, "finishedAt" = ?, "durationMs" = ?
       WHERE "id" = ? AND "status" IN ('queued', 'running') RETURNING "attemptReserved"`,
      result.gradable ? 1 : 0,
      result.score,
      resultJson,
      result.error ? withoutNul(result.error.message) : null,
      sqliteDateText(finishedAt),
      Math.round(result.timings.totalMs),
      submissionId,
    );
    const wrote = updated !== undefined;
    const reserved = updated?.attemptReserved === 1;
    // An ungradable result (syntax error, timeout, sandbox fault) gives its reserved attempt back.
    if (reserved && !counted) yield* releaseAttempt(sql, row.userId, row.exerciseId);
    const progress = wrote && counted ? yield* applyGradedAttempt(sql, row.userId, row.exerciseId, result.score, { reserved }) : null;
    // LMS grade passback, committed with the score (lib/lti/outbox.ts); only when this call wrote
    // the grade, so a job delivered twice queues one passback.
    const passback = progress !== null && (yield* recordScoreChange(sql, { userId: row.userId, exerciseId: row.exerciseId }));
    return { wrote, progress, finishedAt, resultJson, passback };
  });
  if (recorded.passback) wakeOutbox();
  return recorded;
}

/**
 * A pending row ends in error with a message a student can act on (grader failure): the code stays,
 * and an attempt reserved for it is given back, since nothing was graded.
 */
export async function failPendingSubmission(submissionId: string, message: string): Promise<void> {
  await writeTransaction(function* (sql) {
    const failed = yield* sql.get<{ userId: string; exerciseId: string; attemptReserved: number }>(
      `UPDATE "Submission" SET "status" = 'error', "error" = ?, "finishedAt" = ? WHERE "id" = ? AND "status" IN ('queued', 'running') RETURNING "userId", "exerciseId", "attemptReserved"`,
      withoutNul(message.slice(0, 1000)),
      sqliteDateText(new Date()),
      submissionId,
    );
    if (failed?.attemptReserved === 1) yield* releaseAttempt(sql, failed.userId, failed.exerciseId);
  });
}

/**
 * Hidden tests never show expected/actual, whatever a grader sends. The texts are in the
 * student's language (the grader rendered every language: lib/grading/localize-result.ts).
 */
export function resultForStudent(result: GradeResult, mode: GradeMode, locale: ContentLocale = SOURCE_LOCALE): GradeResult {
  const { result: shown } = localizeResult(result, locale);
  if (mode === "public") return shown;
  return { ...shown, tests: shown.tests.map(({ expected: _e, actual: _a, ...t }) => t) };
}

export interface SubmissionStatusDto {
  id: string;
  exerciseId: string;
  mode: GradeMode;
  status: "queued" | "running" | "graded" | "error";
  score: number | null;
  gradable: boolean | null;
  /** The grade contract, with hidden tests' expected/actual removed. null until graded. */
  result: GradeResult | null;
  /** Why a submission ended in `error` (grader failure), in words a student can act on. */
  error: string | null;
  /** An exam's results are not released: score and result are null, only this is shown. */
  withheld: WithheldResult | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/**
 * A graded row as its student may see it: hidden tests without expected/actual, and on an exam
 * whose results are not released (issue 19), neither score nor result, only `withheld`.
 */
export async function forStudent(userId: string, dto: Omit<SubmissionStatusDto, "withheld">, raw: GradeResult | null, locale: ContentLocale = SOURCE_LOCALE): Promise<SubmissionStatusDto> {
  const shown: SubmissionStatusDto = { ...dto, result: raw === null ? null : resultForStudent(raw, dto.mode, locale), withheld: null };
  if (dto.status !== "graded" || raw === null || !(await resultsWithheld(await readItemRules(userId, dto.exerciseId), userId, dto.exerciseId, dto.mode))) return shown;
  return { ...shown, score: null, result: null, withheld: withheldResult(raw) };
}

/**
 * One of the viewer's OWN submissions, or null (also for another student's id, so ids cannot be
 * probed). Instructors see students' work through the gradebook, not through this.
 */
export async function getOwnSubmissionStatus(viewer: Viewer | null, submissionId: string): Promise<SubmissionStatusDto | null> {
  const user = assertUser(viewer);
  // Polled by every waiting student: a plain prepared statement, not Prisma (lib/data/db.ts).
  const raw = await readOne<{
    id: string;
    userId: string;
    exerciseId: string;
    mode: GradeMode;
    status: SubmissionStatusDto["status"];
    score: number | null;
    gradable: number | null;
    result: string | null;
    error: string | null;
    createdAt: string;
    finishedAt: string | null;
  }>('SELECT "id", "userId", "exerciseId", "mode", "status", "score", "gradable", "result", "error", "createdAt", "finishedAt" FROM "Submission" WHERE "id" = ?', submissionId);
  const row = raw && {
    ...raw,
    gradable: raw.gradable === null ? null : raw.gradable !== 0,
    result: sqliteJson(raw.result),
    createdAt: sqliteDate(raw.createdAt),
    finishedAt: raw.finishedAt === null ? null : sqliteDate(raw.finishedAt),
  };
  if (!row || row.userId !== user.id) return null;
  const parsed = row.result === null ? null : gradeResultSchema.safeParse(row.result);
  const dto = {
    id: row.id,
    exerciseId: row.exerciseId,
    mode: row.mode,
    status: row.status,
    score: row.score,
    gradable: row.gradable,
    result: null,
    error: row.status === "error" ? row.error : null,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
  };
  return forStudent(user.id, dto, parsed?.success ? parsed.data : null, viewerLocale(viewer));
}

/** A graded submission as the item page shows it: the result, and the student's standing after it. */
export interface FinishedSubmission {
  /** null while an exam's results are withheld (see `withheld`). */
  result: GradeResult | null;
  withheld: WithheldResult | null;
  attemptCounted: boolean;
  bestScore: number | null;
  attemptsLeft: number | null;
  history: SubmissionSummaryDto[];
  /** The student's standing on the item after this result: the page's header updates from it. */
  standing: ItemStanding;
}

/**
 * The standing the item page shows (lib/data/student-items.ts builds the same on load): status
 * from the raw best, the credited best, nothing of either while an exam hides its results.
 */
export function standingOf(progress: { bestScore: number; attempts: number } | null, credited: number, hidden: boolean, attemptsLeft: number | null): ItemStanding {
  const status = statusOf(progress ?? undefined);
  return {
    status: hidden && status === "solved" ? "attempted" : status,
    bestScore: hidden ? 0 : credited,
    rawScore: hidden ? 0 : (progress?.bestScore ?? 0),
    resultsHidden: hidden,
    attempts: progress?.attempts ?? 0,
    attemptsLeft,
  };
}

/**
 * The item page's view of one of the viewer's own graded submissions (`status` from
 * getOwnSubmissionStatus: its result, or what is shown of it while an exam's results are withheld).
 */
export async function describeGradedSubmission(viewer: Viewer | null, status: SubmissionStatusDto): Promise<FinishedSubmission> {
  const user = assertUser(viewer);
  const standing = await readOne<{ meta: string | null; bestScore: number | null; attempts: number | null }>(
    `SELECT v."meta", p."bestScore", p."attempts" FROM "Submission" s JOIN "ExerciseVersion" v ON v."id" = s."exerciseVersionId"
     LEFT JOIN "Progress" p ON p."userId" = s."userId" AND p."exerciseId" = s."exerciseId" WHERE s."id" = ? AND s."userId" = ?`,
    status.id,
    user.id,
  );
  if (!standing) throw new AccessError(403, userText("apiErrors.notYourSubmission"));
  // Course running (issue 19): extra attempts, and the credited (not raw) best on an item of an
  // assignment; nothing of the best while an exam's results are withheld.
  const item = await readItemRules(user.id, status.exerciseId);
  const progress = standing.attempts === null ? null : { bestScore: standing.bestScore ?? 0, attempts: standing.attempts };
  // What the header may show: a public run during an exam with public tests is not withheld, but
  // the exam's scores still are.
  const hidden = status.withheld !== null || (status.mode !== "hidden" && (await resultsWithheld(item, user.id, status.exerciseId, "hidden")));
  const credited = hidden ? null : item.assignment ? await creditedBestOf(user.id, status.exerciseId, item) : (progress?.bestScore ?? 0);
  const best = status.withheld ? null : credited;
  // Staff work without a limit; whether the viewer is staff is read only where there is one.
  const max = maxAttemptsOf(sqliteJson(standing.meta));
  const staff = max !== null && (await isItemStaff(user.id, status.exerciseId));
  const attemptsLeft = attemptsLeftOf(attemptLimitFor({ staff }, max, item.extraAttempts), standing.attempts ?? 0);
  return {
    result: status.withheld ? null : status.result,
    withheld: status.withheld,
    // Only gradable hidden-mode results count (syntax errors, sandbox faults and public runs do not).
    attemptCounted: status.mode === "hidden" && status.status === "graded" && status.gradable === true,
    bestScore: best,
    attemptsLeft,
    history: await listSubmissionHistory(user, status.exerciseId),
    standing: standingOf(progress, credited ?? 0, hidden, attemptsLeft),
  };
}

const storedDiagnosis = z.object({ diagnosis: z.object({ message: z.string() }).nullable(), l10n: z.record(z.string(), z.object({ diagnosis: z.string().nullable() })).optional() });

/** The viewer's own graded submissions (Submit, not Run) for one item, newest first. */
export async function listSubmissionHistory(viewer: Viewer, exerciseId: string, take = 30): Promise<SubmissionSummaryDto[]> {
  const rows = await db().submission.findMany({
    where: { userId: viewer.id, exerciseId, mode: "hidden" },
    orderBy: { createdAt: "desc" },
    take,
    select: { id: true, createdAt: true, status: true, score: true, gradable: true, result: true },
  });
  // Course running (issue 19): an exam's scores and diagnoses stay hidden until released.
  const withheld = rows.length > 0 && (await resultsWithheld(await readItemRules(viewer.id, exerciseId), viewer.id, exerciseId, "hidden"));
  const locale = viewerLocale(viewer);
  return rows.map((r) => {
    const d = storedDiagnosis.safeParse(r.result);
    const message = d.success && d.data.diagnosis !== null ? (d.data.l10n?.[locale]?.diagnosis ?? d.data.diagnosis.message) : null;
    return {
      id: r.id,
      createdAt: r.createdAt,
      status: r.status,
      score: withheld ? null : r.score,
      gradable: r.gradable,
      diagnosis: withheld ? null : message,
      withheld,
    };
  });
}

/** The code of one of the viewer's own submissions (history "Restore"). */
export async function getOwnSubmissionCode(viewer: Viewer | null, submissionId: string): Promise<string> {
  const user = assertUser(viewer);
  const row = await db().submission.findUnique({ where: { id: submissionId }, select: { userId: true, code: true } });
  if (!row || row.userId !== user.id) throw new AccessError(403, userText("apiErrors.notYourSubmission"));
  return row.code;
}

export const quizAnswerInputSchema = z.object({
  exerciseId: z.string().min(1).max(64),
  // The shape is checked precisely by gradeQuiz (it knows the fields of this variant); here only
  // size and the discriminator, so a malformed answer gets gradeQuiz's specific message.
  answer: z
    .object({ kind: z.enum(["numeric", "choice", "order", "graph"]) })
    .loose()
    .refine((a) => JSON.stringify(a).length <= 16_384, "The answer is too large"),
});
export type QuizAnswerInput = z.infer<typeof quizAnswerInputSchema>;

export type QuizAnswerOutcome =
  | {
      ok: true;
      result: GradeResult | null;
      withheld: WithheldResult | null;
      attemptsLeft: number | null;
      bestScore: number | null;
      /** The standing after this answer; null for a practice answer (never counted). */
      standing: ItemStanding | null;
    }
  | { ok: false; message: string };

export async function answerQuiz(viewer: Viewer | null, input: QuizAnswerInput, grader: Pick<GraderClient, "grade">): Promise<QuizAnswerOutcome> {
  const user = assertUser(viewer);
  const exercise = await findStudentExercise(user, input.exerciseId);
  if (exercise.kind === "code") return { ok: false, message: userText("errors.isCoding") };
  if (input.answer.kind !== exercise.kind) return { ok: false, message: userText("errors.expectsAnswer", { kind: exercise.kind }) };
  // Course running (issue 19, lib/data/credit.ts): dates, exam window, extra attempts. The answer is
  // stored with this `now`, the time its request reached the server, whatever grading then takes.
  // Checked here so a refused answer is not graded, and again in the transaction that stores it.
  const now = new Date();
  const rules = await readItemRules(user.id, exercise.id);
  const early = permitSubmission(exercise, rules, now, "quiz", viewerLocale(user), user.timeZone);
  if (!early.ok) return early;
  const before = await db().progress.findUnique({
    where: { userId_exerciseId: { userId: user.id, exerciseId: exercise.id } },
    select: { attempts: true, bestScore: true },
  });
  if (attemptsLeftOf(attemptLimitFor(exercise, maxAttemptsOf(exercise.currentVersion.meta), early.extraAttempts), before?.attempts ?? 0) === 0) {
    return { ok: false, message: userText("errors.attemptsUsedItem") };
  }

  const seed = seedFor(user.id, exercise.key);
  // Graded by the grader: the quiz's variant comes from the package's suite, which runs only there.
  const result = await grader.grade({ pkg: await versionSource(exercise.currentVersion, exercise), answer: input.answer, seed, owner: user.id });
  // The answer and the attempt in one transaction, through the same writer as code submissions;
  // the attempt is reserved there, so answers sent together cannot exceed attempts.max (decision 069).
  type Stored = { ok: true; progress: { attempts: number; bestScore: number }; maxAttempts: number | null; withholdResults: boolean; passback: boolean } | { ok: false; message: string };
  const stored = await writeTransaction(function* (sql): SqlWork<Stored> {
    // The rules again, as they are when the answer is stored (an exam closed or released meanwhile).
    const permit = permitSubmission(exercise, itemRulesFromRow(yield* sql.get<ItemRulesRow>(ITEM_RULES_SQL, ...itemRulesParams(user.id, exercise.id))), now, "quiz", viewerLocale(user), user.timeZone);
    if (!permit.ok) return permit;
    const maxAttempts = attemptLimitFor(exercise, maxAttemptsOf(exercise.currentVersion.meta), permit.extraAttempts);
    if (result.gradable && !(yield* reserveAttempt(sql, user.id, exercise.id, maxAttempts))) return { ok: false, message: userText("errors.attemptsUsedItem") };
    yield* sql.run(
      `INSERT INTO "QuizAnswer" ("id", "userId", "exerciseId", "exerciseVersionId", "seed", "answer", "correct", "score", "gradable", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      newRowId(),
      user.id,
      exercise.id,
      exercise.currentVersion.id,
      seed,
      jsonWithoutNul(input.answer),
      result.gradable && result.score >= 1 ? 1 : 0,
      result.score,
      result.gradable ? 1 : 0,
      sqliteDateText(now),
    );
    // A malformed answer (missing field, not a number) is not an attempt.
    if (!result.gradable) return { ok: true, progress: before ?? { attempts: 0, bestScore: 0 }, maxAttempts, withholdResults: permit.withholdResults, passback: false };
    const progress = yield* applyGradedAttempt(sql, user.id, exercise.id, result.score, { reserved: true });
    // LMS grade passback, committed with the score (lib/lti/outbox.ts).
    const passback = yield* recordScoreChange(sql, { userId: user.id, exerciseId: exercise.id });
    return { ok: true, progress, maxAttempts, withholdResults: permit.withholdResults, passback };
  });
  if (!stored.ok) return stored;
  if (stored.passback) wakeOutbox();
  const attemptsLeft = attemptsLeftOf(stored.maxAttempts, stored.progress.attempts);
  const progress = stored.progress.attempts === 0 && before === null ? null : stored.progress;
  if (stored.withholdResults) return { ok: true, result: null, withheld: withheldResult(result), attemptsLeft, bestScore: null, standing: standingOf(progress, 0, true, attemptsLeft) };
  const credited = rules.assignment ? await creditedBestOf(user.id, exercise.id, rules) : stored.progress.bestScore;
  return {
    ok: true,
    result: localizeResult(result, viewerLocale(user)).result,
    withheld: null,
    attemptsLeft,
    bestScore: stored.progress.bestScore,
    standing: standingOf(progress, credited, false, attemptsLeft),
  };
}
