import ivm from "isolated-vm";
import type { Msg } from "@/lib/exercises/i18n";
import { localizerFor } from "@/lib/exercises/platform-messages";
import type { GradeError } from "./contract";
import { harnessOutputSchema, type HarnessOutput } from "./harness-output";
import { sandboxScripts } from "./sandbox-scripts";

// A small pool of isolated-vm isolates (run inside the grader child process only). Each
// submission gets a brand-new context (fresh globals and prototypes: pollution cannot reach
// the next submission), locked down by the submission harness before anything else runs in it
// (lib/grading/isolate/); the isolate (heap, compiled harness) is reused because creating one
// costs ~10 ms. The harness is compiled once per isolate as a Script and instantiated in each
// context. A spare context with its harness function is prepared in the background after each
// run, so the ~0.8 ms of context creation is off the latency path. Any timeout or memory failure
// disposes the isolate.
//
// Time (decision 053). isolated-vm's `timeout` and its isolate.cpuTime both measure wall time,
// so a pool cannot tell a slow submission from a starved one. A pool made with `cpuAccounting`
// (the grader's exclusive lane: one isolate, one job at a time in its process) can: the CPU time
// of every thread of the process but its main thread, during the run, is the run's. There the
// time limit counts CPU time, and a generous wall-clock backstop that fires before the CPU limit
// is reached means the machine was overloaded: the run ends "overloaded", which costs nothing.
// A pool without it (the fast lane) only ever reports "timeout" as "over budget": the caller
// grades such a run again in the exclusive lane.

export const MAX_STDOUT_CHARS = 16 * 1024;
export const MAX_RESULT_CHARS = 256 * 1024;
/** Recycle isolates now and then so slow leaks in V8 or isolated-vm cannot accumulate. */
const USES_PER_ISOLATE = 2000;
/** Runs of trusted code one kept context serves before it is replaced by a fresh one. */
const TRUSTED_USES_PER_CONTEXT = 500;
/** Host wall-clock backstop beyond isolated-vm's own timeout. */
const WALL_SLACK_MS = 500;
/** With CPU accounting: the wall-clock backstop is this many times the CPU limit, and at least... */
const OVERLOAD_FACTOR = 10;
/** ...this long: a loaded machine gives a run's CPU time slowly, and the run must not be cut short. */
const OVERLOAD_MIN_MS = 30_000;
/** What a student reads when the exclusive lane's wall-clock backstop stopped a run short of its CPU limit. */
/**
 * A failure of a run: `message` in English (logs, the result's base text) and `text`, its message
 * key (lib/exercises/platform-messages.ts), which grade-code renders in every language (issue 18).
 */
export type SandboxError = GradeError & { text: Msg };

function sandboxError(kind: GradeError["kind"], text: Msg): SandboxError {
  return { kind, message: localizerFor("en").text(text), text };
}

export const OVERLOADED_MESSAGE = localizerFor("en").text({ key: "grader.overloaded" });
/** After the backstop disposed the isolate, how long to wait before declaring its thread stuck. */
const STUCK_GRACE_MS = 1000;

export interface SandboxJob {
  js: string;
  driver: string;
  inputsJson: string;
  exports: string[];
  timeLimitMs: number;
  memoryLimitMb: number;
}

export type SandboxOutcome =
  | { ok: true; output: HarnessOutput; runMs: number }
  | { ok: false; error: SandboxError; runMs: number };

/** The submission harness as a function of its five string arguments. */
type HarnessFunction = (js: string, driver: string, inputsJson: string, exportsJson: string, limitsJson: string) => string;

export interface IsolatePoolOptions {
  /** An isolate thread could not be stopped; the process must be replaced soon. */
  onStuck?: () => void;
  /**
   * Time limits count the run's CPU time (see the top of this file). Only correct when this pool
   * has one isolate and its process runs one job at a time: the grader's exclusive lane.
   */
  cpuAccounting?: boolean;
}

/** CPU time (ms) of every thread of this process but the main one: the isolates' threads. */
function isolateCpuMs(): number {
  const all = process.cpuUsage();
  const main = process.threadCpuUsage();
  return (all.user + all.system - main.user - main.system) / 1000;
}

/** A fresh context with the harness function already instantiated in it. */
interface PreparedContext {
  context: ivm.Context;
  harness: ivm.Reference<HarnessFunction>;
}

interface Slot {
  isolate: ivm.Isolate | null;
  harness: ivm.Script | null;
  memoryLimitMb: number;
  spare: Promise<PreparedContext> | null;
  /** The spare has been created: a job taking this slot starts without waiting. */
  spareReady: boolean;
  /** The context kept for trusted code of one exercise package (see runTrusted). */
  trusted: { key: string; prepared: PreparedContext; uses: number } | null;
  uses: number;
  busy: boolean;
}

export class IsolatePool {
  readonly #slots: Slot[];
  readonly #waiters: (() => void)[] = [];
  #closed = false;

  readonly #onStuck: () => void;
  readonly #cpuAccounting: boolean;

  constructor(size: number, options: IsolatePoolOptions = {}) {
    this.#onStuck = options.onStuck ?? (() => undefined);
    this.#cpuAccounting = options.cpuAccounting === true;
    if (this.#cpuAccounting && size !== 1) throw new Error("IsolatePool: CPU accounting needs a pool of exactly one isolate");
    this.#slots = Array.from({ length: Math.max(1, size) }, () => ({
      isolate: null,
      harness: null,
      memoryLimitMb: 0,
      spare: null,
      spareReady: false,
      trusted: null,
      uses: 0,
      busy: false,
    }));
  }

  /** Whether a timeout here is the verdict (CPU time) or only "over budget" (wall time, fast lane). */
  get cpuAccounted(): boolean {
    return this.#cpuAccounting;
  }

  /** Creates the isolates (and a spare context each) ahead of the first submission. */
  async warm(memoryLimitMb: number): Promise<void> {
    await Promise.all(
      this.#slots.map(async (slot) => {
        this.#ensureIsolate(slot, memoryLimitMb);
        await slot.spare;
      }),
    );
  }

  /** Runs one submission in a brand-new context. */
  async run(job: SandboxJob): Promise<SandboxOutcome> {
    const [outcome] = await this.#runInOneContext([job], undefined);
    return outcome ?? { ok: false, runMs: 0, error: sandboxError("sandbox", { key: "grader.sandbox-no-result" }) };
  }

  /**
   * Runs several jobs of TRUSTED code (an exercise's known mistakes, for diagnosis) one after the
   * other in a context kept for `key` (one exercise package), not a fresh one: each job gets its
   * own module object, but they share globals with each other and with earlier runs for the same
   * key, which instructor code does not change. Creating a context costs ~1 ms of CPU, more than
   * running a mistake; a student's new seed needs all of them run (see TRUSTED_USES_PER_CONTEXT).
   */
  runTrusted(jobs: SandboxJob[], key: string): Promise<SandboxOutcome[]> {
    return this.#runInOneContext(jobs, key);
  }

  async #runInOneContext(jobs: SandboxJob[], trustedKey: string | undefined): Promise<SandboxOutcome[]> {
    if (jobs.length === 0) return [];
    const slot = await this.#acquire(trustedKey);
    try {
      return await this.#runIn(slot, jobs, trustedKey);
    } finally {
      slot.busy = false;
      this.#waiters.shift()?.();
    }
  }

  dispose(): void {
    this.#closed = true;
    for (const slot of this.#slots) this.#retire(slot);
  }

  async #acquire(trustedKey: string | undefined): Promise<Slot> {
    for (;;) {
      if (this.#closed) throw new Error("isolate pool is closed");
      // A free slot whose spare context is ready first: after a run, its slot spends ~0.8 ms
      // making the next context, and a job arriving meanwhile would wait for it. Trusted work
      // goes where its kept context is.
      const free =
        (trustedKey === undefined ? this.#slots.find((s) => !s.busy && s.spareReady) : this.#slots.find((s) => !s.busy && s.trusted?.key === trustedKey)) ??
        this.#slots.find((s) => !s.busy);
      if (free !== undefined) {
        free.busy = true;
        return free;
      }
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  #ensureIsolate(slot: Slot, memoryLimitMb: number): ivm.Isolate {
    if (slot.isolate !== null && (slot.isolate.isDisposed || slot.memoryLimitMb !== memoryLimitMb || slot.uses >= USES_PER_ISOLATE)) {
      this.#retire(slot);
    }
    if (slot.isolate === null) {
      const isolate = new ivm.Isolate({ memoryLimit: memoryLimitMb });
      slot.isolate = isolate;
      slot.harness = isolate.compileScriptSync(sandboxScripts().submission, { filename: "submission-harness.js" });
      slot.memoryLimitMb = memoryLimitMb;
      slot.uses = 0;
      this.#prepareSpare(slot, isolate, slot.harness);
    }
    return slot.isolate;
  }

  #prepareSpare(slot: Slot, isolate: ivm.Isolate, harness: ivm.Script): void {
    const spare = this.#newContext(isolate, harness);
    slot.spare = spare;
    slot.spareReady = false;
    void spare.then(
      () => {
        if (slot.spare === spare) slot.spareReady = true;
      },
      () => undefined,
    );
  }

  #newContext(isolate: ivm.Isolate, harness: ivm.Script): Promise<PreparedContext> {
    const pending = (async (): Promise<PreparedContext> => {
      const context = await isolate.createContext();
      // isolated-vm types a script's completion value as any; HARNESS_SCRIPT's is this function.
      const fn = await (harness.run(context, { reference: true }) as Promise<ivm.Reference<HarnessFunction>>);
      return { context, harness: fn };
    })();
    // A spare that is never used (pool closed, isolate retired) must not raise an unhandled rejection.
    pending.catch(() => undefined);
    return pending;
  }

  #retire(slot: Slot): void {
    const isolate = slot.isolate;
    slot.isolate = null;
    slot.harness = null;
    slot.spare = null;
    slot.spareReady = false;
    slot.trusted = null;
    if (isolate !== null && !isolate.isDisposed) {
      try {
        isolate.dispose();
      } catch {
        // already disposed by a memory-limit failure
      }
    }
  }

  /** The context kept for trusted code of `key`, made (or replaced) when needed. */
  async #trustedContext(slot: Slot, isolate: ivm.Isolate, harness: ivm.Script, key: string): Promise<PreparedContext> {
    const kept = slot.trusted;
    if (kept !== null && kept.key === key && kept.uses < TRUSTED_USES_PER_CONTEXT) {
      kept.uses++;
      return kept.prepared;
    }
    slot.trusted = null;
    if (kept !== null) release(kept.prepared);
    const prepared = await this.#newContext(isolate, harness);
    slot.trusted = { key, prepared, uses: 1 };
    return prepared;
  }

  async #runIn(slot: Slot, jobs: SandboxJob[], trustedKey: string | undefined): Promise<SandboxOutcome[]> {
    const memoryLimitMb = Math.max(...jobs.map((j) => j.memoryLimitMb));
    const isolate = this.#ensureIsolate(slot, memoryLimitMb);
    const harness = slot.harness;
    if (harness === null) throw new Error("isolate without a compiled harness");
    slot.uses++;
    let prepared: PreparedContext;
    try {
      if (trustedKey !== undefined) {
        prepared = await this.#trustedContext(slot, isolate, harness, trustedKey);
      } else {
        const contextPromise = slot.spare ?? this.#newContext(isolate, harness);
        slot.spare = null;
        slot.spareReady = false;
        prepared = await contextPromise;
      }
    } catch (err) {
      this.#retire(slot);
      const error = sandboxError("sandbox", { key: "grader.sandbox-not-created", params: { error: (err as Error).message } });
      return jobs.map(() => ({ ok: false, runMs: 0, error }));
    }
    const outcomes: SandboxOutcome[] = [];
    for (const job of jobs) {
      const { outcome, isolateSpent } = await this.#apply(slot, isolate, prepared, job);
      outcomes.push(outcome);
      if (isolateSpent) {
        // After a timeout or memory failure the isolate is gone (or holds half-finished student
        // state and is never reused): the remaining jobs cannot run in it.
        this.#retire(slot);
        const error = sandboxError("sandbox", { key: "grader.not-run" });
        while (outcomes.length < jobs.length) outcomes.push({ ok: false, runMs: 0, error });
        return outcomes;
      }
    }
    if (trustedKey !== undefined) return outcomes; // the context is kept for the next trusted run
    release(prepared);
    if (slot.isolate === isolate && !isolate.isDisposed) this.#prepareSpare(slot, isolate, harness);
    return outcomes;
  }

  /** One call of the harness in `prepared`. isolateSpent: it failed (timeout, memory, ...), retire it. */
  async #apply(slot: Slot, isolate: ivm.Isolate, prepared: PreparedContext, job: SandboxJob): Promise<{ outcome: SandboxOutcome; isolateSpent: boolean }> {
    const started = performance.now();
    const cpuStart = this.#cpuAccounting ? isolateCpuMs() : 0;
    const cpuUsed = (): number => isolateCpuMs() - cpuStart;
    const limit = job.timeLimitMs;
    // Without CPU accounting the limit is wall time; with it, wall time is only the backstop.
    const wallLimit = this.#cpuAccounting ? Math.max(OVERLOAD_MIN_MS, OVERLOAD_FACTOR * limit) : limit;
    const limits = JSON.stringify({ maxStdout: MAX_STDOUT_CHARS, maxOutput: MAX_RESULT_CHARS });
    let raw: unknown;
    let failure: SandboxError | null = null;
    let expired: { why: "cpu" | "wall"; cpuMs: number } | null = null;
    let cpuTimer: NodeJS.Timeout | undefined;
    let stuckTimer: NodeJS.Timeout | undefined;
    let markStuck: (value: "stuck") => void = () => undefined;
    const stuck = new Promise<"stuck">((resolve) => (markStuck = resolve));
    const expire = (why: "cpu" | "wall"): void => {
      if (expired !== null) return;
      expired = { why, cpuMs: this.#cpuAccounting ? cpuUsed() : 0 };
      // Disposing terminates whatever runs in the isolate; the call then rejects...
      this.#retire(slot);
      // ...except when isolated-vm itself is stuck outside the timeout: it copies an unhandled
      // rejection's reason after the script ends, and a Proxy reason with a looping getter spins
      // that thread forever (dispose cannot stop it). Only ending the process frees the thread,
      // so the job is answered here and the owner is told to replace this process.
      stuckTimer = setTimeout(() => markStuck("stuck"), STUCK_GRACE_MS);
    };
    const wallTimer = setTimeout(() => expire("wall"), wallLimit + WALL_SLACK_MS);
    if (this.#cpuAccounting) {
      // Checked when the limit could first have been reached, then again after what is left of it.
      const check = (): void => {
        const used = cpuUsed();
        if (used >= limit) expire("cpu");
        else cpuTimer = setTimeout(check, Math.max(2, limit - used));
      };
      cpuTimer = setTimeout(check, limit);
    }
    try {
      const run: Promise<unknown> = prepared.harness.apply(undefined, [job.js, job.driver, job.inputsJson, JSON.stringify(job.exports), limits], {
        timeout: wallLimit,
        arguments: { copy: true },
        result: { copy: true },
      });
      const settled = await Promise.race([run, stuck]);
      if (settled === "stuck") {
        run.catch(() => undefined);
        failure = this.#timeVerdict(expired, job);
        this.#onStuck();
      } else {
        raw = settled;
      }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // isolated-vm's own timeout is the wall limit (the backstop, with CPU accounting).
      if (expired === null && /timed out/i.test(message)) expired = { why: "wall", cpuMs: this.#cpuAccounting ? cpuUsed() : 0 };
      failure = expired !== null ? this.#timeVerdict(expired, job) : this.#classify(message, isolate, job);
    } finally {
      clearTimeout(wallTimer);
      clearTimeout(cpuTimer);
      clearTimeout(stuckTimer);
    }
    const runMs = performance.now() - started;
    if (failure !== null) return { outcome: { ok: false, runMs, error: failure }, isolateSpent: true };
    return { outcome: this.#parseOutput(raw, runMs), isolateSpent: false };
  }

  /**
   * A run stopped for time: a timeout, unless this pool counts CPU time and the run had not used
   * its limit when the wall-clock backstop stopped it (then the machine, not the code, was slow).
   */
  #timeVerdict(expired: { why: "cpu" | "wall"; cpuMs: number } | null, job: SandboxJob): SandboxError {
    if (this.#cpuAccounting && expired?.why === "wall" && expired.cpuMs < job.timeLimitMs) {
      return sandboxError("overloaded", { key: "grader.overloaded" });
    }
    return sandboxError("timeout", { key: this.#cpuAccounting ? "grader.timeout-cpu" : "grader.timeout", params: { ms: job.timeLimitMs } });
  }

  #parseOutput(raw: unknown, runMs: number): SandboxOutcome {
    if (typeof raw !== "string") {
      return { ok: false, runMs, error: sandboxError("sandbox", { key: "grader.sandbox-no-result" }) };
    }
    if (raw.length > MAX_RESULT_CHARS + MAX_STDOUT_CHARS * 6 + 4096) {
      return { ok: false, runMs, error: sandboxError("output", { key: "grader.output-too-large" }) };
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return { ok: false, runMs, error: sandboxError("sandbox", { key: "grader.sandbox-malformed" }) };
    }
    const parsed = harnessOutputSchema.safeParse(json);
    if (!parsed.success) return { ok: false, runMs, error: sandboxError("sandbox", { key: "grader.sandbox-malformed" }) };
    return { ok: true, runMs, output: parsed.data };
  }

  /** A run that failed on its own (not stopped for time by us or by isolated-vm). */
  #classify(message: string, isolate: ivm.Isolate, job: SandboxJob): SandboxError {
    if (/memory limit/i.test(message) || isolate.isDisposed) {
      return sandboxError("memory", { key: "grader.memory", params: { mb: job.memoryLimitMb } });
    }
    // Everything else that escapes the harness comes from the submission: the harness catches
    // all synchronous throws, so this is an unhandled promise rejection (or import()).
    return sandboxError("runtime", { key: "grader.unhandled-rejection", params: { error: message.slice(0, 300) } });
  }
}

function release(prepared: PreparedContext): void {
  try {
    prepared.harness.release();
    prepared.context.release();
  } catch {
    // isolate gone
  }
}
