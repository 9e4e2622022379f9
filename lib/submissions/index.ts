// The submission lifecycle (decision 100): a student's submission from the moment it is sent to
// the moment its result is recorded and the waiting request is woken.
//
//   submit.ts    the one path for the JSON API and the item page (rate limit, store, enqueue, wait)
//   queue.ts     the queue interface; embedded.ts (default) and bullmq/ (REDIS_URL) implement it
//   service.ts   the server's queue, chosen from the environment
//   record.ts    grading a stored row and recording the result, idempotently
//   waiters.ts   requests waiting for a result, woken when it is recorded
//
// The rows themselves (SQL, authorization) live in lib/data/submissions.ts; grading itself in
// lib/grading. pages/api, server actions and instrumentation.ts are thin adapters over this.
export { submitCode, submitCodeAndWait, submitQuizAnswer, submitPracticeAnswer, PAGE_WAIT_MS, type Submitted, type Refused } from "./submit";
export { waitForOwnSubmission } from "./waiters";
export { submissionQueue } from "./service";
export type { Grader, SubmissionQueue } from "./queue";
