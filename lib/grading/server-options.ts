import os from "node:os";
import type { GraderClientOptions } from "./client";

// Options of the Next.js server's one grader client. isolated-vm runs isolates on a thread pool of
// (cores + 1) threads, so a pool of that many isolates lets a submission be graded while up to
// `cores` infinite loops sit out their time limit; with the client's default of 2 isolates, two
// infinite loops on 2 cores stalled every other student for the whole time limit (measured in
// docs/decisions/042-load-benchmark.md). CHAINRULE_GRADER_POOL_SIZE overrides it.
export function serverGraderOptions(root: string): GraderClientOptions {
  const fromEnv = Number(process.env.CHAINRULE_GRADER_POOL_SIZE ?? "");
  const poolSize = Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : os.availableParallelism() + 1;
  return { root, poolSize, maxInFlight: poolSize * 2 };
}
