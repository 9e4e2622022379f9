import "server-only";
import { listCurrentPackageSources } from "@/lib/data/packages";
import { requeuePendingSubmissions } from "@/lib/data/submission-queue";
import { grader } from "@/lib/grading/server-grader";

// Called once per server start (instrumentation.ts).

/**
 * The grader starts with the server and loads every item's package in the background (decision
 * 050): packages reach it as data, from the database (decision 052).
 */
export async function preloadPackagesOnStart(): Promise<void> {
  try {
    grader().preload(await listCurrentPackageSources());
  } catch (e) {
    // Packages then load on first use, as they always can.
    console.warn("[chainrule] could not preload exercise packages:", e);
  }
}

/** Submissions a stopped or crashed server left queued/running are graded now, so none waits forever. */
export async function requeueOnStart(): Promise<void> {
  try {
    const { requeued, done } = await requeuePendingSubmissions(grader());
    if (requeued === 0) return;
    console.log(`[chainrule] re-grading ${requeued} submission(s) left pending by the last run`);
    void done.then(() => console.log(`[chainrule] re-graded ${requeued} pending submission(s)`));
  } catch (e) {
    // Never stop the server from starting: the rows stay pending for the next start.
    console.warn("[chainrule] could not re-queue pending submissions:", e);
  }
}
