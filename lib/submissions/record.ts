import "server-only";
import type { GraderClient } from "@/lib/grading/client";
import type { GradeResult } from "@/lib/grading/contract";
import { failPendingSubmission, jobPackage, recordGrade, type SubmissionJob } from "@/lib/data/submissions";
import type { GradedState } from "./waiters";

// Grading a stored submission row and recording the result: the same steps whichever queue
// delivered the job and however often (delivery is at least once; recording is idempotent).

/** What grading a submission needs of the grader. */
export type SubmissionGrader = Pick<GraderClient, "grade">;

/** The row's short, student-facing reason when grading could not produce a result. */
export const GRADER_FAILED = "The grader failed while grading this submission. It does not count as an attempt; submit again.";
/** The row's reason when the grade could not be stored. */
export const STORE_FAILED = "The server could not store this grade. Submit again in a moment.";

export type RecordOutcome =
  /** The result was written now; exactly what the row holds. */
  | { kind: "graded"; state: GradedState }
  /** The grader failed: the row ends in error with GRADER_FAILED. */
  | { kind: "grader-failed" }
  /** The row was already finished (an earlier delivery of the same job): nothing written. */
  | { kind: "already-finished" };

/**
 * Grades a stored submission and records the result. The final write applies only while the row
 * is still pending, so a job delivered twice (a re-queue racing the original, a worker that died
 * after recording) counts once. Database failures are thrown: the caller decides between
 * retrying (a queue) and leaving a message on the row.
 */
export async function gradeAndRecord(job: SubmissionJob, grader: SubmissionGrader): Promise<RecordOutcome> {
  // Outside the grader's try: failing to read the package is a database failure, not the grader's.
  const pkg = await jobPackage(job);
  let result: GradeResult;
  try {
    // The grader client validated the child's answer (lib/grading/protocol.ts).
    result = await grader.grade({ pkg, code: job.code, seed: job.seed, mode: job.mode, owner: job.userId });
  } catch (e) {
    console.warn(`[submissions] grading ${job.submissionId} failed:`, e);
    await failPendingSubmission(job.submissionId, GRADER_FAILED);
    return { kind: "grader-failed" };
  }
  const recorded = await recordGrade(job.submissionId, job, result);
  if (!recorded.wrote) return { kind: "already-finished" };
  // Exactly what a reader would get back from the row: the stored JSON, parsed. (`error` is
  // only shown for status "error": see getOwnSubmissionStatus.)
  return {
    kind: "graded",
    state: { status: "graded", score: result.score, gradable: result.gradable, result: JSON.parse(recorded.resultJson) as GradeResult, error: null, finishedAt: recorded.finishedAt },
  };
}
