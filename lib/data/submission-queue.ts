import "server-only";
import { z } from "zod";
import { gradeResultSchema, type GradeMode, type GradeResult } from "@/lib/grading/contract";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "./db";
import { assertUser, type Viewer } from "./access";
import { withBusyRetry } from "./busy-retry";
import { applyGradedAttempt } from "./progress";
import { resultForStudent } from "./submissions";

// Grading a stored submission row, independent of the request that created it. Used by the JSON
// API (POST /api/submissions answers at once, the client polls) and on server start, when rows
// left queued/running by a crash or a restart are graded again (instrumentation.ts). The grade
// function is injected so lib/data does not start grader processes itself.
// See docs/decisions/040-submission-queue-and-requeue.md.

export type GradeSubmissionFn = (job: { slug: string; files?: Record<string, string>; code: string; seed: number; mode: GradeMode }) => Promise<GradeResult>;

// Completion signals for long-polling readers in this process. On globalThis because Next bundles
// instrumentation and route handlers separately: each gets its own copy of this module.
type Listeners = Map<string, Set<() => void>>;
const holder = globalThis as typeof globalThis & { chainruleSubmissionListeners?: Listeners };
const listeners = (): Listeners => (holder.chainruleSubmissionListeners ??= new Map<string, Set<() => void>>());

function notifyFinished(submissionId: string): void {
  const set = listeners().get(submissionId);
  listeners().delete(submissionId);
  for (const fn of set ?? []) fn();
}

const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as Prisma.InputJsonValue;

/** The job's short, student-facing reason when grading could not produce a result. */
const GRADER_FAILED = "The grader failed while grading this submission. It does not count as an attempt; submit again.";

/**
 * Grades one stored submission and records the result. Idempotent: a row already graded or failed
 * is left alone, and the final write only applies while the row is still queued/running, so a
 * re-queue racing the original request cannot count an attempt twice.
 */
export async function gradeSubmission(submissionId: string, grade: GradeSubmissionFn): Promise<void> {
  try {
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
    if (row.status === "queued") {
      await withBusyRetry(() =>
        db().submission.updateMany({ where: { id: submissionId, status: "queued" }, data: { status: "running", startedAt: new Date() } }),
      );
    }
    // Disk packages are graded from exercises/<slug>; browser-authored ones travel with the job.
    // (The version's files are large JSON: read only when they are needed.)
    const files =
      row.exercise.source === "package"
        ? undefined
        : z
            .record(z.string(), z.string())
            .parse((await db().exerciseVersion.findUniqueOrThrow({ where: { id: row.exerciseVersionId }, select: { files: true } })).files);
    let result: GradeResult;
    try {
      result = gradeResultSchema.parse(await grade({ slug: row.exercise.slug, files, code: row.code, seed: row.seed, mode: row.mode }));
    } catch (e) {
      console.warn(`[submissions] grading ${submissionId} failed:`, e);
      await markFailed(submissionId, GRADER_FAILED);
      return;
    }
    const counted = row.mode === "hidden" && result.gradable;
    await withBusyRetry(() =>
      db().$transaction(async (tx) => {
        const updated = await tx.submission.updateMany({
          where: { id: submissionId, status: { in: ["queued", "running"] } },
          data: {
            status: "graded",
            gradable: result.gradable,
            score: result.score,
            result: json(result),
            error: result.error?.message ?? null,
            finishedAt: new Date(),
            durationMs: Math.round(result.timings.totalMs),
          },
        });
        if (updated.count === 1 && counted) await applyGradedAttempt(tx, row.userId, row.exerciseId, result.score);
      }),
    );
  } catch (e) {
    // The database itself failed (not a lock: those were retried). Leave a message on the row if
    // at all possible; if even that fails the row stays pending and is re-queued on next start.
    console.warn(`[submissions] recording ${submissionId} failed:`, e);
    await markFailed(submissionId, "The server could not store this grade. Submit again in a moment.").catch(() => undefined);
  } finally {
    notifyFinished(submissionId);
  }
}

async function markFailed(submissionId: string, message: string): Promise<void> {
  await withBusyRetry(() =>
    db().submission.updateMany({
      where: { id: submissionId, status: { in: ["queued", "running"] } },
      data: { status: "error", error: message.slice(0, 1000), finishedAt: new Date() },
    }),
  );
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
export async function requeuePendingSubmissions(grade: GradeSubmissionFn): Promise<{ requeued: number; done: Promise<void> }> {
  const ids = await listPendingSubmissionIds();
  const done = Promise.all(ids.map((id) => gradeSubmission(id, grade))).then(() => undefined);
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
  createdAt: Date;
  finishedAt: Date | null;
}

/**
 * One of the viewer's OWN submissions, or null (also for another student's id, so ids cannot be
 * probed). Instructors see students' work through the gradebook, not through this endpoint.
 */
export async function getOwnSubmissionStatus(viewer: Viewer | null, submissionId: string): Promise<SubmissionStatusDto | null> {
  const user = assertUser(viewer);
  const row = await db().submission.findUnique({
    where: { id: submissionId },
    select: {
      id: true,
      userId: true,
      exerciseId: true,
      mode: true,
      status: true,
      score: true,
      gradable: true,
      result: true,
      error: true,
      createdAt: true,
      finishedAt: true,
    },
  });
  if (!row || row.userId !== user.id) return null;
  const parsed = row.result === null ? null : gradeResultSchema.safeParse(row.result);
  return {
    id: row.id,
    exerciseId: row.exerciseId,
    mode: row.mode,
    status: row.status,
    score: row.score,
    gradable: row.gradable,
    result: parsed?.success ? resultForStudent(parsed.data, row.mode) : null,
    error: row.status === "error" ? row.error : null,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
  };
}

/**
 * Like getOwnSubmissionStatus, but waits (up to waitMs) for a pending submission to finish, so a
 * polling client learns the result as soon as it exists without hammering the server.
 */
export async function waitForOwnSubmission(viewer: Viewer | null, submissionId: string, waitMs: number): Promise<SubmissionStatusDto | null> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    let wake: () => void = () => undefined;
    // Subscribe before reading, so a finish between the read and the wait is not missed.
    const woken = new Promise<void>((resolve) => (wake = resolve));
    const set = listeners().get(submissionId) ?? new Set<() => void>();
    set.add(wake);
    listeners().set(submissionId, set);
    try {
      const dto = await getOwnSubmissionStatus(viewer, submissionId);
      const left = deadline - Date.now();
      if (!dto || dto.status === "graded" || dto.status === "error" || left <= 0) return dto;
      // Also wake up now and then: the row may be finished by another process (e.g. a re-queue).
      await Promise.race([woken, new Promise((r) => setTimeout(r, Math.min(left, 1_000)))]);
    } finally {
      set.delete(wake);
      if (set.size === 0 && listeners().get(submissionId) === set) listeners().delete(submissionId);
    }
  }
}
