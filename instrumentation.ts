// Next.js calls register() once when a server process starts: the submission queue starts with it
// (lib/submissions). The embedded queue loads every exercise package into the grader and grades
// rows a crash or restart left pending (decisions 040, 050); the BullMQ queue connects to Redis.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // `next build` may load this file while collecting pages: no grading there.
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { submissionQueue } = await import("./lib/submissions");
  await submissionQueue().start();
}
