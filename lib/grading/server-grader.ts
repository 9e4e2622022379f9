import os from "node:os";
import { parseGraderEnv } from "@/lib/env";
import { createGraderClient, type GraderClient, type GraderClientOptions } from "./client";

// The Next.js server's one grader client (and so its grader processes), kept on globalThis so a
// dev-server reload or a second bundle of this module (Next bundles route handlers, pages and
// instrumentation separately) does not start another.
//
// Its options: isolated-vm runs isolates on a thread pool of (cores + 1) threads, so a pool of
// that many isolates lets a submission be graded while up to `cores` infinite loops sit out their
// budget; with the client's default of 2 isolates, two infinite loops on 2 cores stalled every
// other student for the whole time limit (measured in docs/decisions/042-load-benchmark.md).
// CHAINRULE_GRADER_POOL_SIZE overrides it.
export const SLOW_LANE_AFTER_MS = 50;
/**
 * Jobs the server hands the fast grader at once. While a burst of requests arrives, the server's
 * event loop reads every ready socket before it reads the grader's answers, so the grader only
 * gets new work between such batches: with 2 × the pool (6) it sat idle for ~200 ms of each
 * 100-submission burst while one core did intake (decision 049). Every job in flight is still
 * watched, re-sent after a crash and re-run alone if it was a suspect.
 */
export const FAST_LANE_IN_FLIGHT = 32;

export function serverGraderOptions(): GraderClientOptions {
  const settings = parseGraderEnv(process.env);
  const poolSize = settings.CHAINRULE_GRADER_POOL_SIZE ?? os.availableParallelism() + 1;
  const user = settings.CHAINRULE_GRADER_UID === undefined || settings.CHAINRULE_GRADER_GID === undefined ? undefined : { uid: settings.CHAINRULE_GRADER_UID, gid: settings.CHAINRULE_GRADER_GID };
  // Infinite loops and very slow code leave the fast lane after at most 50 ms (on quick exercises
  // sooner: 20× the reference solution's run, at least 10 ms) and finish in the exclusive lane at
  // nice 19, where only the CPU time they get counts (decisions 048, 053).
  return { poolSize, maxInFlight: Math.max(poolSize * 2, FAST_LANE_IN_FLIGHT), lanes: { fastBudgetMs: SLOW_LANE_AFTER_MS, exclusiveNiceness: 19 }, user };
}

const holder = globalThis as typeof globalThis & { chainruleGrader?: GraderClient };

export function grader(): GraderClient {
  holder.chainruleGrader ??= createGraderClient(serverGraderOptions());
  return holder.chainruleGrader;
}
