import "server-only";
import { rateLimits } from "@/lib/auth/rate-limits";
import type { Viewer } from "@/lib/data/access";
import { answerPractice, type PracticeAnswerInput } from "@/lib/data/practice";
import {
  answerQuiz,
  describeGradedSubmission,
  startCodeSubmission,
  type CodeSubmissionInput,
  type FinishedSubmission,
  type QuizAnswerInput,
  type QuizAnswerOutcome,
  type StoredStatus,
  type SubmissionStatusDto,
} from "@/lib/data/submissions";
import { submissionQueue } from "./service";
import { waitForOwnSubmission } from "./waiters";
import { userText } from "@/lib/i18n/user-text";

// A student presses Submit (or Run tests): the one path for the JSON API and the item page.
// Rate limit → store the row (the code is safe from here on) → hand it to the queue → optionally
// wait for the result. Every refusal is a message a student can act on.

export type Refused = { ok: false; reason: "rate-limited"; message: string; retryAfterSeconds: number } | { ok: false; reason: "refused"; message: string };

export type Submitted = {
  ok: true;
  submissionId: string;
  /** How the row was stored (its status until a result exists). */
  storedStatus: StoredStatus;
  /** After waiting: the row as it then is (graded, error, or still pending); null when not asked to wait. */
  status: SubmissionStatusDto | null;
};

const tooMany = (what: "submissions" | "answers", seconds: number): Refused => ({ ok: false, reason: "rate-limited", message: userText("errors.tooManyPerMinute", { what, seconds }), retryAfterSeconds: seconds });

/** Stores a code submission, hands it to grading and waits up to `waitMs` for its result. */
export async function submitCode(viewer: Viewer, input: CodeSubmissionInput, waitMs: number): Promise<Submitted | Refused> {
  const limit = await rateLimits().grade(viewer.id);
  if (!limit.allowed) return tooMany("submissions", limit.retryAfterSeconds);
  const queue = submissionQueue();
  const started = await startCodeSubmission(viewer, input, queue.storedStatus);
  if (!started.ok) return { ok: false, reason: "refused", message: started.message };
  await queue.enqueue(started.job);
  // The row is stored and queued: a database outage while waiting for its result (it is graded and
  // recorded once the database is back) answers "still pending", not an error for stored work.
  const status = waitMs > 0 ? await waitForOwnSubmission(viewer, started.job.submissionId, waitMs).catch(() => null) : null;
  return { ok: true, submissionId: started.job.submissionId, storedStatus: queue.storedStatus, status };
}

/**
 * How long the item page's Submit waits for its result. Longer than any grading takes (an infinite
 * loop ends at its CPU limit in the exclusive lane); past it the page says the result will appear
 * in the history.
 */
export const PAGE_WAIT_MS = 110_000;
const STILL_GRADING = userText("errors.stillGrading");

/** submitCode for the item page: the result with the student's standing after it, or why there is none. */
export async function submitCodeAndWait(viewer: Viewer, input: CodeSubmissionInput): Promise<({ ok: true } & FinishedSubmission) | { ok: false; message: string }> {
  const submitted = await submitCode(viewer, input, PAGE_WAIT_MS);
  if (!submitted.ok) return { ok: false, message: submitted.message };
  const status = submitted.status;
  if (status?.status === "error") return { ok: false, message: status.error ?? STILL_GRADING };
  // A graded row has a result, or on an exam whose results are withheld, only `withheld`.
  if (status?.status !== "graded" || (status.result === null && status.withheld === null)) return { ok: false, message: STILL_GRADING };
  return { ok: true, ...(await describeGradedSubmission(viewer, status)) };
}

/** A quiz answer, graded at once (quizzes are quick and stored with their grade). */
export async function submitQuizAnswer(viewer: Viewer, input: QuizAnswerInput): Promise<QuizAnswerOutcome | Refused> {
  const limit = await rateLimits().grade(viewer.id);
  if (!limit.allowed) return tooMany("answers", limit.retryAfterSeconds);
  return answerQuiz(viewer, input, submissionQueue().grader);
}

/** A practice answer on new numbers (decision 072): the same limit and grader, never counted. */
export async function submitPracticeAnswer(viewer: Viewer, input: PracticeAnswerInput): Promise<QuizAnswerOutcome | Refused> {
  const limit = await rateLimits().grade(viewer.id);
  if (!limit.allowed) return tooMany("answers", limit.retryAfterSeconds);
  return answerPractice(viewer, input, submissionQueue().grader);
}
