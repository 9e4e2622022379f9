import os from "node:os";
import type { GraderClientOptions } from "./client";

// Options of the Next.js server's one grader client. isolated-vm runs isolates on a thread pool of
// (cores + 1) threads, so a pool of that many isolates lets a submission be graded while up to
// `cores` infinite loops sit out their time limit; with the client's default of 2 isolates, two
// infinite loops on 2 cores stalled every other student for the whole time limit (measured in
// docs/decisions/042-load-benchmark.md). CHAINRULE_GRADER_POOL_SIZE overrides it.
export const SLOW_LANE_AFTER_MS = 50;

export function serverGraderOptions(root: string): GraderClientOptions {
  const fromEnv = Number(process.env.CHAINRULE_GRADER_POOL_SIZE ?? "");
  const poolSize = Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : os.availableParallelism() + 1;
  // Infinite loops and very slow code leave the fast lane after at most 50 ms (on quick exercises
  // sooner: 20× the reference solution's run, at least 10 ms) and finish in the slow lane at
  // nice 19 (decision 048).
  return { root, poolSize, maxInFlight: poolSize * 2, slowLane: { budgetMs: SLOW_LANE_AFTER_MS } };
}
