import { fork, type ChildProcess } from "node:child_process";
import { chmodSync, mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import type { ContentLocale } from "@/lib/exercises/i18n";
import { hashPackageFiles, type PackageFiles } from "@/lib/exercises/loader";
import { ensureWorkerBundle } from "./build-worker";
import type { Msg } from "@/lib/exercises/i18n";
import type { GradeMode, GradeResult } from "./contract";
import { platformUngradable } from "./localize-result";
import { FairShare, pickNext } from "./fair-share";
import { fromChildSchema, HEARTBEAT_MS, packageFailure, type InspectRequest, type PackageFailure, type ToChild, type WireJob, type WirePackage } from "./protocol";

// The server side of grading: spawns and supervises grader child processes, queues jobs, and
// makes sure every job gets exactly one answer even when a child crashes or hangs.
// - Two lanes (decisions 048, 053): a job runs first in the fast lane (a pool of isolates, wall
//   time, a short budget); one still running at its budget is graded again in the exclusive lane
//   (one isolate, one job at a time), where the time limit counts CPU time. Only the exclusive
//   lane gives timeout scores, so a correct but slow submission on a loaded machine never gets one.
// - Children hold no secrets: they start with a minimal environment in an empty directory outside
//   the repository, and get exercise packages as data (files by content hash, sent once per child).
// - In-flight jobs of a dead or silent child are re-sent to a fresh child; a job that was in
//   flight during a crash is re-run alone ("suspect"), so one poison submission cannot take
//   innocent jobs down with it, and after maxCrashesPerJob crashes it is answered with a
//   gradable:false sandbox error instead of crash-looping the grader.
// - Fair share (fair-share.ts): jobs name their owner; an owner's runs that crash, hang, time out
//   or run out of memory make its next runs wait.

export const DEFAULT_SEED = 1;
/** Larger submissions are refused before they cross the IPC channel. */
const MAX_JOB_CODE_CHARS = 256 * 1024;
/** No message (heartbeat or result) for this long = the child's event loop is stuck. */
const SILENCE_LIMIT_MS = HEARTBEAT_MS * 20;
/** A child that has not said "ready" after this long is killed (and counts as a failed start). */
const START_LIMIT_MS = 20_000;
/** Consecutive failed starts before queued jobs are failed rather than retried forever. */
const MAX_FAILED_STARTS = 3;
/** The fast lane's budget when the caller does not choose one (decision 048). */
export const DEFAULT_FAST_BUDGET_MS = 50;
/** Jobs one owner may have in the fast lane at once; in the exclusive lane, one. */
const FAST_LANE_PER_OWNER = 4;
/** The exclusive lane may hold a job for its CPU limit on a loaded machine (sandbox.ts OVERLOAD_*). */
const EXCLUSIVE_WATCHDOG_MS = 150_000;

/** An exercise package as data. `label` prefixes its error messages (default: the slug). */
export interface PackageSource {
  slug: string;
  files: PackageFiles;
  label?: string;
}

export type GradeJob =
  | { pkg: PackageSource; code: string; seed?: number; mode?: GradeMode; owner?: string }
  | { pkg: PackageSource; answer: unknown; seed?: number; owner?: string };

// The files map is checked, not copied: the same object on every job of a version lets the
// client hash it once (hashOf) instead of on every submission.
const packageFiles = z.custom<PackageFiles>(
  (v) => v !== null && typeof v === "object" && !Array.isArray(v) && Object.values(v).every((s) => typeof s === "string"),
  { message: "files must map paths to file contents" },
);
const packageSourceSchema = z.object({
  slug: z.string().min(1).max(100),
  files: packageFiles,
  label: z.string().min(1).max(200).optional(),
});
const owner = z.string().min(1).max(200).optional();
const gradeJobSchema = z.union([
  z.object({ pkg: packageSourceSchema, code: z.string(), seed: z.number().int().optional(), mode: z.enum(["public", "hidden"]).optional(), owner }),
  z.object({ pkg: packageSourceSchema, answer: z.unknown(), seed: z.number().int().optional(), owner }),
]);

/** What present answers: the prompt and presentation in the asked language. */
export const presentedQuizSchema = z.object({ prompt: z.string(), presentation: z.unknown(), fallback: z.boolean().default(false), rtol: z.number().positive().optional() });
export type PresentedQuiz = z.infer<typeof presentedQuizSchema>;

/**
 * A present or inspect answer: the value, or what went wrong: `text` for a reader (rendered in
 * their language, lib/exercises/platform-messages.ts), `message` the same in English.
 */
export type PackageAnswer<T> = { ok: true; value: T } | PackageFailure;

export interface GraderClientOptions {
  /** Isolates in the fast lane's grader process; default 2 (one per core on the reference machine). */
  poolSize?: number;
  /** Jobs handed to the fast lane's child at once; the rest wait here. Default 2 × poolSize. */
  maxInFlight?: number;
  /** Crashes while a job was in flight before it is answered with a sandbox error; default 2. */
  maxCrashesPerJob?: number;
  /** A job without a result after this long is treated as a hung grader; default 60 s. */
  jobWatchdogMs?: number;
  /** Where the children's own stdout/stderr lines go; default process.stderr. */
  onLog?: (line: string) => void;
  /**
   * The fast lane's budget (ms of wall time, at most; quick exercises get less, decision 048) and
   * the exclusive lane's nice value (1–19: below-normal CPU priority for all its threads).
   */
  lanes?: { fastBudgetMs?: number; exclusiveNiceness?: number };
  /** Start the grader processes as this OS user (this process must be allowed to switch: root, CAP_SETUID). */
  user?: { uid: number; gid: number };
}

/** Internal: how one lane's child is started. */
interface LaneOptions {
  poolSize: number;
  maxInFlight: number;
  perOwner: number;
  exclusive: boolean;
  niceness: number;
  budgetMs: number | undefined;
  jobWatchdogMs: number;
  maxCrashes: number;
  log: (line: string) => void;
  share: FairShare;
  user: { uid: number; gid: number } | undefined;
}

export interface GraderStatus {
  pid: number | null;
  restarts: number;
  queued: number;
  inFlight: number;
  /** Spawn to first "ready" of the current child, including the bundle freshness check. */
  coldStartMs: number | null;
  /** The exclusive lane's grader, once a job has needed it. */
  slowLane: GraderStatus | null;
  /** The current child's preload of exercise packages, once finished (preload()). */
  preloaded: { packages: number; failed: string[]; warmed: number; ms: number } | null;
}

export interface GraderClient {
  /** Grades a code submission or a quiz answer; always resolves with a GradeResult. */
  grade(job: GradeJob): Promise<GradeResult>;
  /**
   * A quiz variant as a student of `locale` sees it (no answer): the filled prompt and the
   * presentation in their language; `fallback`: some of it is in English (not translated yet).
   */
  present(pkg: PackageSource, seed: number, locale?: ContentLocale): Promise<PackageAnswer<PresentedQuiz>>;
  /** Package facts for checks and authoring: its suite's shape, a seed's cases, a quiz variant. */
  inspect(pkg: PackageSource, request: InspectRequest): Promise<PackageAnswer<unknown>>;
  /** Loads these packages in the background (now and after every restart of the fast lane's child). */
  preload(packages: PackageSource[]): void;
  /** Resolves once the current preload has loaded and warmed its packages, or after `timeoutMs` (true if it finished). */
  preloadFinished(timeoutMs: number): Promise<boolean>;
  /** Resolves when the fast lane's child is up (starting one if needed). */
  ready(): Promise<GraderStatus>;
  status(): GraderStatus;
  /** Stops the children; jobs still pending resolve with a sandbox error. */
  close(): Promise<void>;
}

type Answer = { type: "result"; result: GradeResult } | { type: "answer"; answer: PackageAnswer<unknown> } | { type: "over-budget" } | { type: "closed"; text: Msg };

interface PendingJob {
  id: number;
  wire: WireJob;
  files: PackageFiles;
  owner?: string;
  crashes: number;
  resolve: (answer: Answer) => void;
  sentAt: number;
}

const hashes = new WeakMap<PackageFiles, string>();
/** The package's content hash, computed once per files object (a cached version is one object). */
export function hashOf(files: PackageFiles): string {
  let hash = hashes.get(files);
  if (hash === undefined) {
    hash = hashPackageFiles(files);
    hashes.set(files, hash);
  }
  return hash;
}

function wirePackage(pkg: PackageSource): WirePackage {
  return { slug: pkg.slug, hash: hashOf(pkg.files), label: pkg.label ?? pkg.slug };
}

/**
 * An empty folder outside the repository, the children's working directory: they read no
 * project file and have nothing to write (docs/security.md).
 */
function graderWorkDir(): string {
  const dir = path.join(os.tmpdir(), "chainrule-grader");
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o555);
  return dir;
}

/**
 * The whole environment a grader child gets: no session secret, no database or queue URL, nothing
 * of the server's configuration. Profiling flags for the child (CHAINRULE_GRADER_NODE_ARGS) go to
 * its command line, not its environment.
 */
export function graderEnvironment(settings: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? "/usr/bin:/bin", NODE_ENV: "production", ...settings };
}

export function createGraderClient(options: GraderClientOptions = {}): GraderClient {
  const poolSize = options.poolSize ?? 2;
  const log = options.onLog ?? ((line: string) => process.stderr.write(`[grader] ${line}\n`));
  const share = new FairShare();
  const common = { maxCrashes: options.maxCrashesPerJob ?? 2, log, share, user: options.user };
  const exclusive = createLane({
    ...common,
    poolSize: 1,
    maxInFlight: 1,
    perOwner: 1,
    exclusive: true,
    niceness: options.lanes?.exclusiveNiceness ?? 0,
    budgetMs: undefined,
    jobWatchdogMs: Math.max(options.jobWatchdogMs ?? 0, EXCLUSIVE_WATCHDOG_MS),
  });
  const fast = createLane(
    {
      ...common,
      poolSize,
      maxInFlight: options.maxInFlight ?? poolSize * 2,
      perOwner: FAST_LANE_PER_OWNER,
      exclusive: false,
      niceness: 0,
      budgetMs: options.lanes?.fastBudgetMs ?? DEFAULT_FAST_BUDGET_MS,
      // Generous: a job may wait in the child behind maxInFlight/poolSize others.
      jobWatchdogMs: options.jobWatchdogMs ?? 60_000,
    },
    exclusive,
  );
  let closed = false;

  const closedResult = () => platformUngradable("sandbox", { key: "grader.closed" });
  const ask = async (pkg: PackageSource, job: WireJob, owner?: string): Promise<Answer> => fast.submit(job, pkg.files, owner);
  const toPackageAnswer = (answer: Answer): PackageAnswer<unknown> =>
    answer.type === "answer" ? answer.answer : packageFailure(answer.type === "closed" ? answer.text : { key: "grader.no-answer-given" });

  return {
    async grade(input) {
      if (closed) return closedResult();
      const parsed = gradeJobSchema.safeParse(input);
      if (!parsed.success) return platformUngradable("input", { key: "grader.invalid-job", params: { error: parsed.error.issues[0]?.message ?? "?" } });
      const job = parsed.data;
      if ("code" in job && job.code.length > MAX_JOB_CODE_CHARS) return platformUngradable("input", { key: "grader.submission-too-large" });
      const pkg = wirePackage(job.pkg);
      const seed = job.seed ?? DEFAULT_SEED;
      const wire: WireJob =
        "code" in job ? { type: "code", pkg, code: job.code, seed, mode: job.mode ?? "hidden" } : { type: "quiz", pkg, seed, answer: job.answer };
      const answer = await ask(job.pkg, wire, job.owner);
      if (answer.type === "result") return answer.result;
      if (answer.type === "closed") return platformUngradable("sandbox", answer.text);
      return platformUngradable("sandbox", { key: "grader.no-grade" });
    },

    async present(pkg, seed, locale) {
      const answer = toPackageAnswer(await ask(pkg, { type: "present", pkg: wirePackage(pkg), seed, ...(locale === undefined ? {} : { locale }) }));
      if (!answer.ok) return answer;
      const value = presentedQuizSchema.safeParse(answer.value);
      return value.success ? { ok: true, value: value.data } : packageFailure({ key: "grader.unexpected-answer" });
    },

    async inspect(pkg, request) {
      return toPackageAnswer(await ask(pkg, { type: "inspect", pkg: wirePackage(pkg), request }));
    },

    preload(packages) {
      fast.preload(packages.map((p) => ({ ...wirePackage(p), files: p.files })));
    },

    preloadFinished: (timeoutMs) => fast.preloadFinished(timeoutMs),

    ready: () => fast.ready().then(status),
    status,

    async close() {
      closed = true;
      await Promise.all([fast.close(), exclusive.close()]);
    },
  };

  function status(): GraderStatus {
    return { ...fast.status(), slowLane: exclusive.started() ? { ...exclusive.status(), slowLane: null } : null };
  }
}

interface Lane {
  /** Queues a job (files are sent only if the child may lack them); resolves with its answer. */
  submit(job: WireJob, files: PackageFiles, owner?: string): Promise<Answer>;
  preload(packages: WirePackage[]): void;
  preloadFinished(timeoutMs: number): Promise<boolean>;
  ready(): Promise<void>;
  status(): Omit<GraderStatus, "slowLane">;
  started(): boolean;
  close(): Promise<void>;
}

/** One grader child and its queue. `overflow` (the fast lane's) takes jobs that ran over budget. */
function createLane(options: LaneOptions, overflow?: Lane): Lane {
  const { log, share } = options;
  let child: ChildProcess | null = null;
  let childReady = false;
  let starting: Promise<void> | null = null;
  let everStarted = false;
  let readyWaiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  let lastMessageAt = 0;
  /** A child that announced it must be replaced: its in-flight jobs are not crash suspects. */
  let retiring: ChildProcess | null = null;
  /** Packages (by hash) the current child has been sent. */
  let childHas = new Set<string>();
  let preloadList: WirePackage[] = [];
  let restarts = 0;
  let failedStarts = 0;
  let coldStartMs: number | null = null;
  let preloaded: GraderStatus["preloaded"] = null;
  let preloadWaiters: (() => void)[] = [];
  let closed = false;
  let nextId = 1;
  let wakeTimer: NodeJS.Timeout | null = null;
  const queue: PendingJob[] = [];
  const inFlight = new Map<number, PendingJob>();
  const ownerInFlight = new Map<string, number>();

  const countOwner = (job: PendingJob, delta: number): void => {
    if (job.owner === undefined) return;
    const n = (ownerInFlight.get(job.owner) ?? 0) + delta;
    if (n <= 0) ownerInFlight.delete(job.owner);
    else ownerInFlight.set(job.owner, n);
  };
  const takeInFlight = (id: number): PendingJob | undefined => {
    const job = inFlight.get(id);
    if (job === undefined) return undefined;
    inFlight.delete(id);
    countOwner(job, -1);
    return job;
  };

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
    const stuck = [...inFlight.values()].some((j) => now - j.sentAt > options.jobWatchdogMs);
    if (now - lastMessageAt > SILENCE_LIMIT_MS || stuck) {
      log(`grader pid ${child.pid ?? "?"} ${stuck ? "did not answer a job in time" : "stopped responding"}; restarting`);
      child.kill("SIGKILL");
    }
  }, HEARTBEAT_MS);
  monitor.unref();

  /** The job as sent to the current child: its package's files only if the child may lack them. */
  function forChild(job: PendingJob): WireJob {
    const hash = job.wire.pkg.hash;
    if (childHas.has(hash)) return job.wire;
    childHas.add(hash);
    return { ...job.wire, pkg: { ...job.wire.pkg, files: job.files } };
  }

  function pump(): void {
    if (child === null || !childReady) {
      if (child === null && starting === null && (queue.length > 0 || readyWaiters.length > 0) && !closed) void start();
      return;
    }
    while (queue.length > 0) {
      if (inFlight.size >= options.maxInFlight) break;
      const exclusiveRunning = [...inFlight.values()].some((j) => j.crashes > 0);
      if (exclusiveRunning) break;
      let index = 0;
      const head = queue[0];
      // Suspects run alone and first; everything else in fair order.
      if (head !== undefined && head.crashes > 0) {
        if (inFlight.size > 0) break;
      } else {
        const pick = pickNext(queue, (o) => ownerInFlight.get(o) ?? 0, options.perOwner, share);
        if (pick.index < 0) {
          if (pick.wakeAt < Infinity && wakeTimer === null) {
            wakeTimer = setTimeout(() => {
              wakeTimer = null;
              pump();
            }, Math.max(1, pick.wakeAt - performance.now()));
          }
          break;
        }
        index = pick.index;
      }
      const [job] = queue.splice(index, 1);
      if (job === undefined) break;
      job.sentAt = performance.now();
      inFlight.set(job.id, job);
      countOwner(job, 1);
      const message: ToChild = { type: "grade", id: job.id, job: forChild(job) };
      try {
        child.send(message);
      } catch {
        // Channel already closed: the exit handler re-queues everything in flight.
        child.kill("SIGKILL");
        break;
      }
      if (job.crashes > 0) break;
    }
  }

  function start(): Promise<void> {
    if (starting !== null) return starting;
    // One child at a time: a retiring or starting child is replaced only after it exits.
    if (child !== null) return Promise.resolve();
    everStarted = true;
    starting = (async () => {
      const spawnedAt = performance.now();
      const entry = await ensureWorkerBundle(process.cwd());
      const proc = fork(entry, [], {
        cwd: graderWorkDir(),
        // CHAINRULE_GRADER_NODE_ARGS: extra node flags for profiling the grader (e.g. --cpu-prof).
        execArgv: ["--no-node-snapshot", ...(process.env.CHAINRULE_GRADER_NODE_ARGS ?? "").split(" ").filter(Boolean)],
        env: graderEnvironment({
          CHAINRULE_POOL_SIZE: String(options.poolSize),
          CHAINRULE_GRADER_NICE: String(options.niceness),
          CHAINRULE_GRADER_EXCLUSIVE: options.exclusive ? "1" : "0",
        }),
        stdio: ["ignore", "pipe", "pipe", "ipc"],
        serialization: "json",
        ...(options.user ?? {}),
      });
      child = proc;
      childReady = false;
      childHas = new Set();
      preloaded = null;
      lastMessageAt = performance.now();
      const forward = (chunk: Buffer) => {
        for (const line of chunk.toString("utf8").split("\n")) if (line.trim() !== "") log(line);
      };
      proc.stdout?.on("data", forward);
      proc.stderr?.on("data", forward);
      proc.on("message", (raw: unknown) => onMessage(proc, raw, spawnedAt));
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

  function sendPreload(): void {
    if (child === null || !childReady || preloadList.length === 0) return;
    const packages = preloadList.filter((p) => !childHas.has(p.hash));
    for (const p of packages) childHas.add(p.hash);
    try {
      child.send({ type: "preload", packages } satisfies ToChild);
    } catch {
      // The exit handler takes over.
    }
  }

  function onMessage(proc: ChildProcess, raw: unknown, spawnedAt: number): void {
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
      sendPreload();
      pump();
    } else if (msg.type === "preloaded") {
      preloaded = { packages: msg.packages, failed: msg.failed, warmed: msg.warmed, ms: msg.ms };
      const waiters = preloadWaiters;
      preloadWaiters = [];
      for (const w of waiters) w();
      if (msg.failed.length > 0) log(`exercise packages that failed to load: ${msg.failed.join(", ")}`);
    } else if (msg.type === "retiring") {
      log(`grader pid ${proc.pid ?? "?"} is retiring: ${msg.reason}`);
      retiring = proc;
      childReady = false;
    } else if (msg.type === "need-package") {
      const job = takeInFlight(msg.id);
      if (job === undefined) return;
      // The child lost it (evicted, or the hash was assumed): send the files with the job.
      childHas.delete(job.wire.pkg.hash);
      queue.unshift(job);
      pump();
    } else if (msg.type === "result" || msg.type === "answer" || msg.type === "over-budget") {
      const job = takeInFlight(msg.id);
      if (job === undefined) return;
      if (msg.type === "result") {
        const kind = msg.result.error?.kind;
        if (job.owner !== undefined && (kind === "timeout" || kind === "memory")) share.strike(job.owner);
        job.resolve({ type: "result", result: msg.result });
      } else if (msg.type === "answer") {
        job.resolve({ type: "answer", answer: msg.answer });
      } else if (overflow !== undefined) {
        // Over the fast lane's budget: the exclusive lane grades it with the full limit.
        const { budgetMs: _budget, ...rest } = job.wire as Extract<WireJob, { type: "code" }>;
        void overflow.submit(rest, job.files, job.owner).then(job.resolve);
      } else {
        job.resolve({ type: "result", result: platformUngradable("sandbox", { key: "grader.stopped-early" }) });
      }
      pump();
    }
  }

  function failStartIfHopeless(reason: string): void {
    if (failedStarts < MAX_FAILED_STARTS) {
      setTimeout(() => pump(), 100 * failedStarts).unref();
      return;
    }
    failedStarts = 0;
    const jobs = queue.splice(0, queue.length);
    for (const job of jobs) job.resolve({ type: "closed", text: { key: "grader.could-not-start", params: { reason } } });
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
    for (const job of lost) takeInFlight(job.id);
    if (lost.length > 0 || !wasReady) {
      log(`grader exited (code ${code ?? "-"}, signal ${signal ?? "-"}) with ${lost.length} job(s) in flight; restarting`);
    }
    // Re-queue in their original order, ahead of newer jobs.
    const retry: PendingJob[] = [];
    for (const job of lost.sort((a, b) => a.id - b.id)) {
      if (!blameless) job.crashes++;
      if (job.crashes >= options.maxCrashes) {
        if (job.owner !== undefined) share.strike(job.owner);
        job.resolve({ type: "result", result: platformUngradable("sandbox", { key: "grader.crashed-repeatedly" }) });
      } else {
        retry.push(job);
      }
    }
    queue.unshift(...retry);
    if (!wasReady && !blameless) failStartIfHopeless(`exited during start-up (code ${code ?? "-"}, signal ${signal ?? "-"})`);
    else pump();
  }

  return {
    submit(job, files, owner) {
      if (closed) return Promise.resolve({ type: "closed", text: { key: "grader.closed" } });
      const wire: WireJob = job.type === "code" && options.budgetMs !== undefined ? { ...job, budgetMs: options.budgetMs } : job;
      return new Promise<Answer>((resolve) => {
        queue.push({ id: nextId++, wire, files, owner, crashes: 0, resolve, sentAt: 0 });
        pump();
      });
    },

    preload(packages) {
      preloadList = packages;
      if (child === null && starting === null) void start();
      else sendPreload();
    },

    preloadFinished(timeoutMs) {
      if (preloaded !== null) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          preloadWaiters = preloadWaiters.filter((w) => w !== done);
          resolve(false);
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          resolve(true);
        };
        preloadWaiters.push(done);
      });
    },

    ready() {
      if (childReady) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        readyWaiters.push({ resolve, reject });
        void start();
      });
    },

    status: () => ({ pid: child?.pid ?? null, restarts, queued: queue.length, inFlight: inFlight.size, coldStartMs, preloaded }),
    started: () => everStarted,

    async close() {
      closed = true;
      clearInterval(monitor);
      if (wakeTimer !== null) clearTimeout(wakeTimer);
      const pending = [...queue.splice(0, queue.length), ...inFlight.values()];
      inFlight.clear();
      for (const job of pending) job.resolve({ type: "closed", text: { key: "grader.shut-down" } });
      const proc = child;
      child = null;
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
