import { fork, type ChildProcess } from "node:child_process";
import { z } from "zod";
import type { PackageFiles } from "@/lib/exercises/loader";
import { ensureWorkerBundle } from "./build-worker";
import { ungradableResult, type GradeMode, type GradeResult } from "./contract";
import { fromChildSchema, HEARTBEAT_MS, type ToChild, type WireJob } from "./protocol";

// The server side of grading: spawns and supervises the grader child process, queues jobs,
// and makes sure every job gets exactly one result even when the child crashes or hangs.
// - in-flight jobs of a dead or silent child are re-sent to a fresh child;
// - a job that was in flight during a crash is re-run alone ("suspect"), so one poison
//   submission cannot take innocent jobs down with it, and after maxCrashesPerJob crashes it
//   is answered with a gradable:false sandbox error instead of crash-looping the grader.

export const DEFAULT_SEED = 1;
/** Larger submissions are refused before they cross the IPC channel. */
const MAX_JOB_CODE_CHARS = 256 * 1024;
/** No message (heartbeat or result) for this long = the child's event loop is stuck. */
const SILENCE_LIMIT_MS = HEARTBEAT_MS * 20;
/** A child that has not said "ready" after this long is killed (and counts as a failed start). */
const START_LIMIT_MS = 20_000;
/** Consecutive failed starts before queued jobs are failed rather than retried forever. */
const MAX_FAILED_STARTS = 3;

export type GradeJob =
  | { slug: string; files?: PackageFiles; code: string; seed?: number; mode?: GradeMode }
  | { slug: string; files?: PackageFiles; answer: unknown; seed?: number };

const gradeJobSchema = z.union([
  z.object({
    slug: z.string().min(1),
    files: z.record(z.string(), z.string()).optional(),
    code: z.string(),
    seed: z.number().int().optional(),
    mode: z.enum(["public", "hidden"]).optional(),
  }),
  z.object({
    slug: z.string().min(1),
    files: z.record(z.string(), z.string()).optional(),
    answer: z.unknown(),
    seed: z.number().int().optional(),
  }),
]);

export interface GraderClientOptions {
  /** Repo root (holds exercises/, lib/, node_modules/); default process.cwd(). */
  root?: string;
  /** Isolates in the grader process; default 2 (one per core on the reference machine). */
  poolSize?: number;
  /** Jobs handed to the child at once; the rest wait here. Default 2 × poolSize. */
  maxInFlight?: number;
  /** Crashes while a job was in flight before it is answered with a sandbox error; default 2. */
  maxCrashesPerJob?: number;
  /** A job without a result after this long is treated as a hung grader; default 60 s. */
  jobWatchdogMs?: number;
  /** Where the child's own stdout/stderr lines go; default process.stderr. */
  onLog?: (line: string) => void;
  /** The child's nice value (1–19): below-normal CPU priority for all its threads. */
  niceness?: number;
  /**
   * Two lanes (decision 048): code runs first with at most `budgetMs`; a submission still running
   * then (an infinite loop, or very slow code) is graded again with the exercise's full time
   * limit by a second grader child at nice 19, so it only gets CPU the other students leave idle.
   */
  slowLane?: { budgetMs: number; poolSize?: number };
  /**
   * After it starts, the child loads every exercise package under exercises/ once, one at a time
   * between jobs, so the first submission to each exercise does not wait for its load (~15–45 ms
   * of CPU each, esbuild included), which on exam day is everyone's first submission at once.
   */
  preloadPackages?: boolean;
}

export interface GraderStatus {
  pid: number | null;
  restarts: number;
  queued: number;
  inFlight: number;
  /** Spawn to first "ready" of the current child, including the bundle freshness check. */
  coldStartMs: number | null;
  /** The slow lane's grader, once a submission has needed it. */
  slowLane: GraderStatus | null;
  /** The current child's preload of exercise packages, once finished (preloadPackages). */
  preloaded: { packages: number; failed: string[]; ms: number } | null;
}

export interface GraderClient {
  /** Grades a code submission or a quiz answer; always resolves with a GradeResult. */
  grade(job: GradeJob): Promise<GradeResult>;
  /** Resolves when a grader child is up (starting one if needed). */
  ready(): Promise<GraderStatus>;
  status(): GraderStatus;
  /** Stops the child; jobs still pending resolve with a sandbox error. */
  close(): Promise<void>;
}

/** The fast lane's answer for a job that ran past its budget (see GraderClientOptions.slowLane). */
const OVER_BUDGET = Symbol("over budget");

interface PendingJob {
  id: number;
  wire: WireJob;
  crashes: number;
  resolve: (r: GradeResult | typeof OVER_BUDGET) => void;
  sentAt: number;
}

export function createGraderClient(options: GraderClientOptions = {}): GraderClient {
  const root = options.root ?? process.cwd();
  const poolSize = options.poolSize ?? 2;
  const maxInFlight = options.maxInFlight ?? poolSize * 2;
  const maxCrashes = options.maxCrashesPerJob ?? 2;
  // Generous: a job may wait in the child behind maxInFlight/poolSize others of up to 10 s each.
  const jobWatchdogMs = options.jobWatchdogMs ?? 60_000;
  const log = options.onLog ?? ((line: string) => process.stderr.write(`[grader] ${line}\n`));

  let child: ChildProcess | null = null;
  let childReady = false;
  let starting: Promise<void> | null = null;
  let readyWaiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  let lastMessageAt = 0;
  /** A child that announced it must be replaced: its in-flight jobs are not crash suspects. */
  let retiring: ChildProcess | null = null;
  let restarts = 0;
  let failedStarts = 0;
  let coldStartMs: number | null = null;
  let preloaded: GraderStatus["preloaded"] = null;
  let closed = false;
  let nextId = 1;
  const queue: PendingJob[] = [];
  const inFlight = new Map<number, PendingJob>();

  let slowClient: GraderClient | null = null;
  const slowLane = (): GraderClient => {
    slowClient ??= createGraderClient({ ...options, poolSize: options.slowLane?.poolSize ?? 2, maxInFlight: undefined, niceness: 19, slowLane: undefined, preloadPackages: false });
    return slowClient;
  };

  const status = (): GraderStatus => ({
    pid: child?.pid ?? null,
    restarts,
    queued: queue.length,
    inFlight: inFlight.size,
    coldStartMs,
    slowLane: slowClient?.status() ?? null,
    preloaded,
  });

  let lastMonitorAt = performance.now();
  const monitor = setInterval(() => {
    const now = performance.now();
    const ownLag = now - lastMonitorAt - HEARTBEAT_MS;
    lastMonitorAt = now;
    // If THIS process was blocked, the child's heartbeats are still unread in the IPC pipe
    // (timers run before I/O): do not mistake our own stall for the child's.
    if (ownLag > HEARTBEAT_MS) {
      lastMessageAt = Math.max(lastMessageAt, now);
      return;
    }
    if (child === null) return;
    if (!childReady) {
      if (retiring === null && now - lastMessageAt > START_LIMIT_MS) {
        log(`grader pid ${child.pid ?? "?"} did not start in time; killing it`);
        child.kill("SIGKILL");
      }
      return;
    }
    const stuck = [...inFlight.values()].some((j) => now - j.sentAt > jobWatchdogMs);
    if (now - lastMessageAt > SILENCE_LIMIT_MS || stuck) {
      log(`grader pid ${child.pid ?? "?"} ${stuck ? "did not answer a job in time" : "stopped responding"}; restarting`);
      child.kill("SIGKILL");
    }
  }, HEARTBEAT_MS);
  monitor.unref();

  function pump(): void {
    if (child === null || !childReady) {
      if (child === null && starting === null && (queue.length > 0 || readyWaiters.length > 0) && !closed) void start();
      return;
    }
    while (queue.length > 0) {
      const head = queue[0];
      if (head === undefined) break;
      const exclusiveRunning = [...inFlight.values()].some((j) => j.crashes > 0);
      if (exclusiveRunning) break;
      if (head.crashes > 0 && inFlight.size > 0) break; // suspects run alone
      if (inFlight.size >= maxInFlight) break;
      queue.shift();
      head.sentAt = performance.now();
      inFlight.set(head.id, head);
      const message: ToChild = { type: "grade", id: head.id, job: head.wire };
      try {
        child.send(message);
      } catch {
        // Channel already closed: the exit handler re-queues everything in flight.
        child.kill("SIGKILL");
        break;
      }
      if (head.crashes > 0) break;
    }
  }

  function start(): Promise<void> {
    if (starting !== null) return starting;
    // One child at a time: a retiring or starting child is replaced only after it exits.
    if (child !== null) return Promise.resolve();
    // The slow lane starts with the first one, so the first infinite loop of the day does not wait
    // for (or, during a burst, compete with) a process start.
    if (options.slowLane) void slowLane().ready().catch(() => undefined);
    starting = (async () => {
      const spawnedAt = performance.now();
      const entry = await ensureWorkerBundle(root);
      const proc = fork(entry, [], {
        cwd: root,
        // CHAINRULE_GRADER_NODE_ARGS: extra node flags for profiling the grader (e.g. --cpu-prof).
        execArgv: ["--no-node-snapshot", ...(process.env.CHAINRULE_GRADER_NODE_ARGS ?? "").split(" ").filter(Boolean)],
        env: { ...process.env, CHAINRULE_ROOT: root, CHAINRULE_POOL_SIZE: String(poolSize), CHAINRULE_GRADER_NICE: String(options.niceness ?? 0), CHAINRULE_GRADER_PRELOAD: options.preloadPackages ? "1" : "0" },
        stdio: ["ignore", "pipe", "pipe", "ipc"],
        serialization: "json",
      });
      child = proc;
      childReady = false;
      preloaded = null;
      lastMessageAt = performance.now();
      const forward = (chunk: Buffer) => {
        for (const line of chunk.toString("utf8").split("\n")) if (line.trim() !== "") log(line);
      };
      proc.stdout?.on("data", forward);
      proc.stderr?.on("data", forward);
      proc.on("message", (raw: unknown) => {
        lastMessageAt = performance.now();
        const parsed = fromChildSchema.safeParse(raw);
        if (!parsed.success) return;
        const msg = parsed.data;
        if (msg.type === "ready") {
          childReady = true;
          failedStarts = 0;
          coldStartMs = performance.now() - spawnedAt;
          const waiters = readyWaiters;
          readyWaiters = [];
          for (const w of waiters) w.resolve();
          pump();
        } else if (msg.type === "preloaded") {
          preloaded = { packages: msg.packages, failed: msg.failed, ms: msg.ms };
          if (msg.failed.length > 0) log(`exercise packages that failed to load: ${msg.failed.join(", ")}`);
        } else if (msg.type === "retiring") {
          log(`grader pid ${proc.pid ?? "?"} is retiring: ${msg.reason}`);
          retiring = proc;
          childReady = false;
        } else if (msg.type === "result" || msg.type === "over-budget") {
          const job = inFlight.get(msg.id);
          if (job === undefined) return;
          inFlight.delete(msg.id);
          job.resolve(msg.type === "result" ? msg.result : OVER_BUDGET);
          pump();
        }
      });
      proc.on("exit", (code, signal) => onExit(proc, code, signal));
      proc.on("error", (err) => log(`grader process error: ${err.message}`));
    })()
      .catch((err: unknown) => {
        failedStarts++;
        log(`could not start the grader: ${(err as Error).message}`);
        failStartIfHopeless((err as Error).message);
      })
      .finally(() => {
        starting = null;
      });
    return starting;
  }

  function failStartIfHopeless(reason: string): void {
    if (failedStarts < MAX_FAILED_STARTS) {
      setTimeout(() => pump(), 100 * failedStarts).unref();
      return;
    }
    failedStarts = 0;
    const jobs = queue.splice(0, queue.length);
    for (const job of jobs) job.resolve(ungradableResult("sandbox", `The grader could not start: ${reason}`));
    const waiters = readyWaiters;
    readyWaiters = [];
    for (const w of waiters) w.reject(new Error(`The grader could not start: ${reason}`));
  }

  function onExit(proc: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (child !== proc) return;
    const wasReady = childReady;
    const blameless = retiring === proc;
    retiring = null;
    child = null;
    childReady = false;
    if (closed) return;
    restarts++;
    if (!wasReady && !blameless) failedStarts++;
    const lost = [...inFlight.values()];
    inFlight.clear();
    if (lost.length > 0 || !wasReady) {
      log(`grader exited (code ${code ?? "-"}, signal ${signal ?? "-"}) with ${lost.length} job(s) in flight; restarting`);
    }
    // Re-queue in their original order, ahead of newer jobs.
    const retry: PendingJob[] = [];
    for (const job of lost.sort((a, b) => a.id - b.id)) {
      if (!blameless) job.crashes++;
      if (job.crashes >= maxCrashes) {
        job.resolve(ungradableResult("sandbox", "This submission crashed the grader repeatedly and could not be graded"));
      } else {
        retry.push(job);
      }
    }
    queue.unshift(...retry);
    if (!wasReady && !blameless) failStartIfHopeless(`exited during start-up (code ${code ?? "-"}, signal ${signal ?? "-"})`);
    else pump();
  }

  return {
    grade(input: GradeJob): Promise<GradeResult> {
      if (closed) return Promise.resolve(ungradableResult("sandbox", "The grader is closed"));
      const parsed = gradeJobSchema.safeParse(input);
      if (!parsed.success) return Promise.resolve(ungradableResult("input", `Invalid grading job: ${parsed.error.issues[0]?.message ?? "?"}`));
      const job = parsed.data;
      if ("code" in job && job.code.length > MAX_JOB_CODE_CHARS) {
        return Promise.resolve(ungradableResult("input", "Submission is too large"));
      }
      const pkg = job.files ? { slug: job.slug, files: job.files } : { slug: job.slug };
      const seed = job.seed ?? DEFAULT_SEED;
      const budgetMs = options.slowLane?.budgetMs;
      const wire: WireJob =
        "code" in job
          ? { type: "code", pkg, code: job.code, seed, mode: job.mode ?? "hidden", ...(budgetMs === undefined ? {} : { budgetMs }) }
          : { type: "quiz", pkg, seed, answer: job.answer };
      return new Promise<GradeResult | typeof OVER_BUDGET>((resolve) => {
        queue.push({ id: nextId++, wire, crashes: 0, resolve, sentAt: 0 });
        pump();
      }).then((answer) => (answer === OVER_BUDGET ? slowLane().grade(input) : answer));
    },

    ready(): Promise<GraderStatus> {
      if (childReady) return Promise.resolve(status());
      return new Promise<GraderStatus>((resolve, reject) => {
        readyWaiters.push({ resolve: () => resolve(status()), reject });
        void start();
      });
    },

    status,

    async close(): Promise<void> {
      closed = true;
      clearInterval(monitor);
      const closingSlowLane = slowClient?.close();
      const pending = [...queue.splice(0, queue.length), ...inFlight.values()];
      inFlight.clear();
      for (const job of pending) job.resolve(ungradableResult("sandbox", "The grader was shut down before this job ran"));
      const proc = child;
      child = null;
      await closingSlowLane;
      if (proc === null || proc.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        const kill = setTimeout(() => proc.kill("SIGKILL"), 2000);
        proc.once("exit", () => {
          clearTimeout(kill);
          resolve();
        });
        try {
          proc.send({ type: "shutdown" } satisfies ToChild);
        } catch {
          proc.kill("SIGKILL");
        }
      });
    },
  };
}
