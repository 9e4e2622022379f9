import "server-only";
import { requeuePendingSubmissions } from "@/lib/data/submission-queue";
import { grader } from "./grader";

// Called once per server start (instrumentation.ts): submissions a stopped or crashed server left
// queued/running are graded now, so a student's submission is never left waiting forever.
export async function requeueOnStart(): Promise<void> {
  try {
    const { requeued, done } = await requeuePendingSubmissions((job) => grader().grade(job));
    if (requeued === 0) return;
    console.log(`[chainrule] re-grading ${requeued} submission(s) left pending by the last run`);
    void done.then(() => console.log(`[chainrule] re-graded ${requeued} pending submission(s)`));
  } catch (e) {
    // Never stop the server from starting: the rows stay pending for the next start.
    console.warn("[chainrule] could not re-queue pending submissions:", e);
  }
}
