import "server-only";
import type { GraderClient } from "@/lib/grading/client";
import { listCurrentPackageSources } from "@/lib/data/packages";
import { failPendingSubmission, listPendingSubmissionIds, readPendingSubmissionJob, type SubmissionJob } from "@/lib/data/submissions";
import type { SubmissionQueue } from "./queue";
import { gradeAndRecord, STORE_FAILED, type SubmissionGrader } from "./record";
import { notifyFinished, type GradedState } from "./waiters";

// The default queue: nothing to install. The request that stores a row hands it straight to this
// process's grader client, which queues and paces jobs itself (lanes, fair share: lib/grading).
// A crash or a restart leaves rows pending; the next start grades them (decision 040).

/** Grades one stored row and records the result, then wakes whoever waits for it. Never rejects. */
export async function gradeStored(job: SubmissionJob, grader: SubmissionGrader): Promise<void> {
  let graded: GradedState | undefined;
  try {
    const outcome = await gradeAndRecord(job, grader);
    if (outcome.kind === "graded") graded = outcome.state;
  } catch (e) {
    // The database itself failed (not a lock: those were retried). Leave a message on the row if
    // at all possible; if even that fails the row stays pending and is re-queued on next start.
    console.warn(`[submissions] recording ${job.submissionId} failed:`, e);
    await failPendingSubmission(job.submissionId, STORE_FAILED).catch(() => undefined);
  } finally {
    notifyFinished(job.submissionId, graded);
  }
}

/** Grades a row by id if it is still pending (a restart's backlog); a finished row is left alone. */
export async function gradePendingSubmission(submissionId: string, grader: SubmissionGrader): Promise<void> {
  const job = await readPendingSubmissionJob(submissionId);
  if (job) await gradeStored(job, grader);
}

/** Grades every pending row (the grader client queues and paces them). Returns how many were found. */
export async function requeuePendingSubmissions(grader: SubmissionGrader): Promise<{ requeued: number; done: Promise<void> }> {
  const ids = await listPendingSubmissionIds();
  const done = Promise.all(ids.map((id) => gradePendingSubmission(id, grader))).then(() => undefined);
  return { requeued: ids.length, done };
}

/**
 * The grader starts with the server and loads every item's package in the background (decision
 * 050): packages reach it as data, from the database (decision 052).
 */
export async function preloadPackages(grader: Pick<GraderClient, "preload">): Promise<void> {
  try {
    grader.preload(await listCurrentPackageSources());
  } catch (e) {
    // Packages then load on first use, as they always can.
    console.warn("[chainrule] could not preload exercise packages:", e);
  }
}

export function createEmbeddedQueue(client: GraderClient): SubmissionQueue {
  return {
    kind: "embedded",
    storedStatus: "running",
    grader: client,
    enqueue(job) {
      // Not awaited: the row is stored, so the request can answer or wait as it chooses.
      void gradeStored(job, client);
      return Promise.resolve();
    },
    async start() {
      await preloadPackages(client);
      try {
        const { requeued, done } = await requeuePendingSubmissions(client);
        if (requeued === 0) return;
        console.log(`[chainrule] re-grading ${requeued} submission(s) left pending by the last run`);
        void done.then(() => console.log(`[chainrule] re-graded ${requeued} pending submission(s)`));
      } catch (e) {
        // Never stop the server from starting: the rows stay pending for the next start.
        console.warn("[chainrule] could not re-queue pending submissions:", e);
      }
    },
    health: () => Promise.resolve({ queue: "embedded", graderRunning: client.status().pid !== null }),
    close: () => client.close(),
  };
}
