import "server-only";
import type { GraderClient, PackageSource } from "@/lib/grading/client";
import { gradeResultSchema, type GradeMode, type GradeResult } from "@/lib/grading/contract";
import { db, readOne, sqliteDate, sqliteJson } from "./db";
import { assertUser, type Viewer } from "./access";
import { withBusyRetry } from "./busy-retry";
import { versionSource } from "./packages";
import { failPendingSubmission, markSubmissionRunning, recordGrade, resultForStudent } from "./submissions";
import { readItemRules, resultsWithheld, withheldResult, type WithheldResult } from "./credit";

// Grading a stored submission row, independent of the request that created it. Used by the JSON
// API (POST /api/submissions answers at once, the client polls) and on server start, when rows
// left queued/running by a crash or a restart are graded again (instrumentation.ts). The grader
// is injected so lib/data does not start grader processes itself.
// See docs/decisions/040-submission-queue-and-requeue.md.

/** What grading a stored submission needs of the grader. */
export type SubmissionGrader = Pick<GraderClient, "grade">;

// Completion signals for long-polling readers in this process. On globalThis because Next bundles
// instrumentation and route handlers separately: each gets its own copy of this module.
/**
 * What this process just wrote when it graded a row, handed to waiting readers so they need not
 * read the row back. Absent when the outcome is not known here (failure paths, a lost race):
 * readers then re-read the row.
 */
interface GradedState {
  status: "graded";
  score: number;
  gradable: boolean;
  result: GradeResult;
  error: null;
  finishedAt: Date;
}
type Listener = (graded?: GradedState) => void;
type Listeners = Map<string, Set<Listener>>;
const holder = globalThis as typeof globalThis & { chainruleSubmissionListeners?: Listeners };
const listeners = (): Listeners => (holder.chainruleSubmissionListeners ??= new Map<string, Set<Listener>>());

function notifyFinished(submissionId: string, graded?: GradedState): void {
  const set = listeners().get(submissionId);
  listeners().delete(submissionId);
  for (const fn of set ?? []) fn(graded);
}

/** The job's short, student-facing reason when grading could not produce a result. */
const GRADER_FAILED = "The grader failed while grading this submission. It does not count as an attempt; submit again.";

/**
 * What the request that stored a row already knows about it, so grading need not read it back.
 * That row was stored as running (startCodeSubmission): it is graded without another write.
 */
export interface StoredSubmission {
  userId: string;
  exerciseId: string;
  code: string;
  seed: number;
  mode: GradeMode;
  pkg: PackageSource;
}

/**
 * Grades one stored submission and records the result. Idempotent: a row already graded or failed
 * is left alone, and the final write only applies while the row is still queued/running, so a
 * re-queue racing the original request cannot count an attempt twice.
 */
export async function gradeSubmission(submissionId: string, grader: SubmissionGrader, stored?: StoredSubmission): Promise<void> {
  let graded: GradedState | undefined;
  try {
    let job: StoredSubmission;
    if (stored) {
      job = stored;
    } else {
      const row = await withBusyRetry(() =>
        db().submission.findUnique({
          where: { id: submissionId },
          select: {
            status: true,
            code: true,
            seed: true,
            mode: true,
            userId: true,
            exerciseId: true,
            exercise: { select: { slug: true, source: true } },
            exerciseVersionId: true,
          },
        }),
      );
      if (!row || row.status === "graded" || row.status === "error") return;
      if (row.status === "queued") await markSubmissionRunning(submissionId);
      // Graded against the version it was submitted to.
      const pkg = await versionSource({ id: row.exerciseVersionId }, row.exercise);
      job = { userId: row.userId, exerciseId: row.exerciseId, code: row.code, seed: row.seed, mode: row.mode, pkg };
    }
    const row = job;
    let result: GradeResult;
    try {
      // The grader client validated the child's answer (lib/grading/protocol.ts).
      result = await grader.grade({ pkg: row.pkg, code: row.code, seed: row.seed, mode: row.mode, owner: row.userId });
    } catch (e) {
      console.warn(`[submissions] grading ${submissionId} failed:`, e);
      await failPendingSubmission(submissionId, GRADER_FAILED);
      return;
    }
    const recorded = await recordGrade(submissionId, row, result);
    if (recorded.wrote) {
      // Exactly what a reader would get back from the row: the stored JSON, parsed. (`error` is
      // only shown for status "error": see getOwnSubmissionStatus.)
      graded = { status: "graded", score: result.score, gradable: result.gradable, result: JSON.parse(recorded.resultJson) as GradeResult, error: null, finishedAt: recorded.finishedAt };
    }
  } catch (e) {
    // The database itself failed (not a lock: those were retried). Leave a message on the row if
    // at all possible; if even that fails the row stays pending and is re-queued on next start.
    console.warn(`[submissions] recording ${submissionId} failed:`, e);
    await failPendingSubmission(submissionId, "The server could not store this grade. Submit again in a moment.").catch(() => undefined);
  } finally {
    notifyFinished(submissionId, graded);
  }
}

/**
 * Rows a stopped or crashed server left queued/running, oldest first. In the default one-server
 * deployment nothing else can be working on them at start-up (see decision 040 for several servers).
 */
export async function listPendingSubmissionIds(): Promise<string[]> {
  const rows = await withBusyRetry(() =>
    db().submission.findMany({ where: { status: { in: ["queued", "running"] } }, orderBy: { createdAt: "asc" }, select: { id: true } }),
  );
  return rows.map((r) => r.id);
}

/** Grades every pending row (the grader client queues and paces them). Returns how many were found. */
export async function requeuePendingSubmissions(grader: SubmissionGrader): Promise<{ requeued: number; done: Promise<void> }> {
  const ids = await listPendingSubmissionIds();
  const done = Promise.all(ids.map((id) => gradeSubmission(id, grader))).then(() => undefined);
  return { requeued: ids.length, done };
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

/** Course running (issue 19): a graded result of an exam item stays hidden from its student until released. */
function withholdIfExam(userId: string, dto: SubmissionStatusDto, raw: GradeResult | null): SubmissionStatusDto {
  if (dto.status !== "graded" || raw === null || !resultsWithheld(readItemRules(userId, dto.exerciseId), userId, dto.exerciseId, dto.mode)) return dto;
  return { ...dto, score: null, result: null, withheld: withheldResult(raw) };
}

/**
 * One of the viewer's OWN submissions, or null (also for another student's id, so ids cannot be
 * probed). Instructors see students' work through the gradebook, not through this endpoint.
 */
export function getOwnSubmissionStatus(viewer: Viewer | null, submissionId: string): Promise<SubmissionStatusDto | null> {
  return new Promise((resolve) => resolve(readOwnSubmissionStatus(viewer, submissionId)));
}

function readOwnSubmissionStatus(viewer: Viewer | null, submissionId: string): SubmissionStatusDto | null {
  const user = assertUser(viewer);
  // Polled by every waiting student: a plain prepared statement, not Prisma (lib/data/db.ts).
  const raw = readOne<{
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
  const dto: SubmissionStatusDto = {
    id: row.id,
    exerciseId: row.exerciseId,
    mode: row.mode,
    status: row.status,
    score: row.score,
    gradable: row.gradable,
    result: parsed?.success ? resultForStudent(parsed.data, row.mode) : null,
    error: row.status === "error" ? row.error : null,
    withheld: null,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
  };
  return withholdIfExam(user.id, dto, parsed?.success ? parsed.data : null);
}

/**
 * Like getOwnSubmissionStatus, but waits (up to waitMs) for a pending submission to finish, so a
 * polling client learns the result as soon as it exists without hammering the server.
 */
export async function waitForOwnSubmission(viewer: Viewer | null, submissionId: string, waitMs: number): Promise<SubmissionStatusDto | null> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    let wake: Listener = () => undefined;
    // Subscribe before reading, so a finish between the read and the wait is not missed.
    const woken = new Promise<GradedState | undefined>((resolve) => (wake = resolve));
    const set = listeners().get(submissionId) ?? new Set<Listener>();
    set.add(wake);
    listeners().set(submissionId, set);
    try {
      const dto = await getOwnSubmissionStatus(viewer, submissionId);
      const left = deadline - Date.now();
      if (!dto || dto.status === "graded" || dto.status === "error" || left <= 0) return dto;
      // Also wake up now and then: the row may be finished by another process (e.g. a re-queue).
      let timer: ReturnType<typeof setTimeout> | undefined;
      const tick = new Promise<undefined>((r) => {
        timer = setTimeout(() => r(undefined), Math.min(left, 1_000));
      });
      const graded = await Promise.race([woken, tick]);
      clearTimeout(timer);
      // Graded by this process: the row now holds exactly `graded` (ownership was checked above).
      if (graded) return withholdIfExam(assertUser(viewer).id, { ...dto, ...graded, result: resultForStudent(graded.result, dto.mode) }, graded.result);
    } finally {
      set.delete(wake);
      if (set.size === 0 && listeners().get(submissionId) === set) listeners().delete(submissionId);
    }
  }
}
