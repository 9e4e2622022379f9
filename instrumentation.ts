// Next.js calls register() once when a server process starts. Submissions left queued/running by
// the previous process (crash, kill, restart mid-grading) are graded again from their stored rows.
// See docs/decisions/040-submission-queue-and-requeue.md.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // `next build` may load this file while collecting pages: no grading there.
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { preloadPackagesOnStart, requeueOnStart } = await import("./app/courses/_server/requeue");
  // Not awaited beyond the row lookups: the server accepts requests while packages load and the
  // backlog is graded.
  await preloadPackagesOnStart();
  await requeueOnStart();
  // LTI (docs/lti.md): the tool's key pair exists from the first start, the registered platforms
  // may frame the pages, and pending grade passbacks are delivered.
  const { startLti } = await import("./lib/lti/start");
  await startLti();
}
