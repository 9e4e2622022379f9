import { messageKeySchema, msgSchema, type Msg, type Text } from "@/lib/exercises/i18n";
import type { CodePackage } from "@/lib/exercises/loader";
import { compareOutput, formatPair, sameCaseOutput } from "./compare";
import type { GradeMode, GradeResult } from "./contract";
import { renderResult, type DraftResult, type DraftTest, type Say } from "./localize-result";
import { decodeValue, type CaseOutput } from "./harness-output";
import { PackageError, type SuiteCases, type SuiteHandle } from "./package-runtime";
import type { IsolatePool, SandboxJob } from "./sandbox";
import { transpileSubmission, transpileWithEsbuild } from "./transpile";

// Grades one code submission in the grader process: the seed's cases and expected values from
// the package's suite (in its isolate, lib/grading/package-runtime.ts), the student's code in a
// fresh sandbox context, then comparison (here, or the suite's own check() in its isolate) and
// diagnosis (the package's known mistakes, in the sandbox).

export const DEFAULT_CODE_RTOL = 1e-6;

/** A code package with its loaded suite: what gradeCode needs. */
export interface LoadedCodePackage {
  pkg: CodePackage;
  suite: SuiteHandle;
}

/** A seed's cases with the expected values decoded. */
interface PreparedCases extends SuiteCases {
  expectedValues: unknown[];
}

/** Small LRU: the grader process lives long and sees many (package, seed) pairs. */
class Lru<V> {
  readonly #map = new Map<string, V>();
  constructor(readonly max: number) {}
  get(key: string): V | undefined {
    const v = this.#map.get(key);
    if (v !== undefined) {
      this.#map.delete(key);
      this.#map.set(key, v);
    }
    return v;
  }
  delete(key: string): void {
    this.#map.delete(key);
  }
  set(key: string, v: V): void {
    this.#map.delete(key);
    this.#map.set(key, v);
    if (this.#map.size > this.max) {
      const oldest = this.#map.keys().next().value;
      if (oldest !== undefined) this.#map.delete(oldest);
    }
  }
}

const casesCache = new Lru<Promise<PreparedCases>>(2000);
const referenceRunCache = new Lru<Promise<number>>(200);
const mistakeCache = new Lru<(CaseOutput[] | null)[]>(2000);
const mistakeJsCache = new Lru<(string | null)[]>(200);

/** The driver the package's isolate reported (its source as an expression). */
function driverOf(loaded: LoadedCodePackage): string {
  const driver = loaded.suite.descriptor?.driver;
  if (driver == null) throw new PackageError(loaded.suite.file, "driver", "is not a self-contained function");
  return driver;
}

/** A run of `js` under the package's driver, on `inputsJson`, with the package's limits. */
function sandboxJob(loaded: LoadedCodePackage, js: string, inputsJson: string, timeLimitMs = loaded.pkg.timeLimitMs): SandboxJob {
  const { pkg } = loaded;
  return { js, driver: driverOf(loaded), inputsJson, exports: pkg.exports, timeLimitMs, memoryLimitMb: pkg.memoryLimitMb };
}

/** A seed's cases, computed once per (package, mode, seed) in this process. */
export function prepareCases(loaded: LoadedCodePackage, seed: number, mode: GradeMode): Promise<PreparedCases> {
  const key = `${loaded.pkg.hash}:${mode}:${seed}`;
  let pending = casesCache.get(key);
  if (pending === undefined) {
    pending = loaded.suite.cases(seed, mode).then((c) => ({ ...c, expectedValues: c.expected.map(decodeValue) }));
    // A failure (the package's, or its isolate's) is not kept: the next submission tries again.
    pending.catch(() => {
      if (casesCache.get(key) === pending) casesCache.delete(key);
    });
    casesCache.set(key, pending);
  }
  return pending;
}

/**
 * "MulLayer must be a class, but your code exports a number." Drivers construct PascalCase exports
 * and call the others, which is the naming every exercise follows (exercise.json `exports`).
 */
export function wrongTypeMessage(w: { name: string; type: string }): Msg {
  const got: Msg = w.type === "null" ? { key: "grader.type-null" } : { key: /^[aeiou]/.test(w.type) ? "grader.type-an" : "grader.type-a", params: { type: w.type } };
  return { key: /^[A-Z]/.test(w.name) ? "grader.wrong-type-class" : "grader.wrong-type-function", params: { name: w.name, got } };
}

/**
 * A case's error as a student reads it. A driver reports what is wrong with the student's code by
 * throwing `new Error("msg:<key>")` or `new Error("msg:<key> {json params}")` (suite-types.ts):
 * that is the package's message itself; any other error is "threw <error>".
 */
export function caseErrorText(error: string): Text {
  const m = /^(?:\w*Error: )?msg:(\S+)(?: (\{.*\}))?$/s.exec(error);
  if (m !== null && messageKeySchema.safeParse(m[1]).success) {
    let params: unknown = undefined;
    try {
      params = m[2] === undefined ? undefined : JSON.parse(m[2]);
    } catch {
      params = undefined;
    }
    const parsed = msgSchema.safeParse({ key: m[1], params });
    if (parsed.success) return parsed.data;
  }
  return { key: "grader.threw", params: { error } };
}

function result(partial: Partial<DraftResult> & Pick<DraftResult, "timings">): DraftResult {
  return { score: 0, gradable: true, tests: [], diagnosis: null, stdout: "", ...partial };
}

export interface CodeJob {
  code: string;
  seed: number;
  mode: GradeMode;
  /** Run the submission at most this long (below the exercise's limit), or less: see fastLaneBudgetMs and OverBudget. */
  budgetMs?: number;
}

/**
 * The submission was still running when its budget (shorter than the exercise's time limit) ran
 * out: no grade is given here; the caller grades it again with the full limit (the slow lane).
 */
export class OverBudget extends Error {
  constructor() {
    super("over budget");
  }
}

/** The fast lane's budget never goes below this, however quick the reference solution is. */
export const MIN_FAST_BUDGET_MS = 10;
/** How many times the reference solution's run time a submission may take in the fast lane. */
export const FAST_BUDGET_FACTOR = 20;

/**
 * The shortest run of the package's reference solution on its hidden cases (of 3, in the sandbox),
 * measured once per package in this process; Infinity if it cannot be measured (the caller's
 * budget then applies unchanged).
 */
export function referenceRunMs(loaded: LoadedCodePackage, pool: IsolatePool): Promise<number> {
  const { pkg } = loaded;
  let pending = referenceRunCache.get(pkg.hash);
  if (pending === undefined) {
    pending = (async () => {
      const transpiled = await transpileSubmission(pkg.solution);
      if (!transpiled.ok) return Infinity;
      const job = sandboxJob(loaded, transpiled.js, (await prepareCases(loaded, 0, "hidden")).inputsJson);
      const runs = await pool.runTrusted([job, job, job], pkg.hash);
      const times = runs.flatMap((r) => (r.ok && r.output.ok && r.output.loadError === null ? [r.runMs] : []));
      return times.length === 0 ? Infinity : Math.min(...times);
    })().catch(() => Infinity);
    referenceRunCache.set(pkg.hash, pending);
  }
  return pending;
}

/**
 * How long a submission may run in the fast lane when the caller offers `requestedMs`:
 * FAST_BUDGET_FACTOR × the reference solution's run, between MIN_FAST_BUDGET_MS and `requestedMs`.
 * An infinite loop on a quick exercise then holds a fast isolate (and a core) for ~10 ms, not
 * the caller's whole budget; slow exercises keep all of it. Over it, the slow lane grades in full.
 */
export async function fastLaneBudgetMs(loaded: LoadedCodePackage, requestedMs: number, pool: IsolatePool): Promise<number> {
  const reference = await referenceRunMs(loaded, pool);
  // Whole milliseconds: isolated-vm's timeout must be an integer.
  return Math.min(requestedMs, Math.max(MIN_FAST_BUDGET_MS, Math.ceil(FAST_BUDGET_FACTOR * reference)));
}

/**
 * Failure messages per case. Everything here reads the student's output, so whatever goes wrong
 * while decoding, checking or comparing it is the student's failure (score 0 for that case, with
 * a message naming the case), never an ungradable result a student could provoke on purpose.
 */
async function caseFailures(loaded: LoadedCodePackage, prepared: PreparedCases, raw: { ok: boolean; value?: unknown; error?: string }[], rtol: number): Promise<{ outputs: CaseOutput[]; failures: Text[][] }> {
  const unreadable = "\u0000unreadable";
  const outputs: CaseOutput[] = raw.map((c) => {
    if (!c.ok) return { ok: false, error: c.error ?? "failed" };
    try {
      return { ok: true, value: decodeValue(c.value) };
    } catch {
      return { ok: false, error: unreadable };
    }
  });
  const failures: Text[][] = outputs.map((o) => (o.ok ? [] : [o.error === unreadable ? { key: "grader.threw", params: { error: { key: "grader.unreadable-value" } } } : caseErrorText(o.error)]));
  if (loaded.suite.descriptor?.hasCheck) {
    const indexes = outputs.flatMap((o, i) => (o.ok ? [i] : []));
    const inputs = JSON.parse(prepared.inputsJson) as unknown[];
    const items = indexes.map((i) => ({ input: inputs[i], actual: raw[i]?.value, expected: prepared.expected[i] }));
    let checked: Awaited<ReturnType<SuiteHandle["check"]>> | null = null;
    let whole: Msg | null = null;
    try {
      checked = items.length > 0 ? await loaded.suite.check(items) : [];
    } catch (e) {
      // The package's check() ran out of time or memory on this student's outputs.
      whole = e instanceof PackageError ? { key: "grader.not-checked-because", params: { why: `check() ${e.what}` } } : { key: "grader.not-checked" };
    }
    indexes.forEach((i, k) => {
      const verdict = checked?.[k];
      failures[i] = verdict === undefined ? [whole ?? { key: "grader.not-checked" }] : verdict.ok ? verdict.failures : [{ key: "grader.not-checked-because", params: { why: verdict.error } }];
    });
  } else {
    outputs.forEach((o, i) => {
      if (!o.ok) return;
      try {
        failures[i] = compareOutput(o.value, prepared.expectedValues[i], rtol);
      } catch {
        failures[i] = [{ key: "grader.not-compared" }];
      }
    });
  }
  return { outputs, failures };
}

export async function gradeCode(loaded: LoadedCodePackage, job: CodeJob, pool: IsolatePool): Promise<GradeResult> {
  return renderResult(await gradeCodeDraft(loaded, job, pool), loaded.pkg.meta.messages);
}

/** gradeCode before its texts are rendered in every language. */
async function gradeCodeDraft(loaded: LoadedCodePackage, job: CodeJob, pool: IsolatePool): Promise<DraftResult> {
  const { pkg } = loaded;
  const started = performance.now();
  const timings = (transpileMs: number, runMs: number) => ({ transpileMs, runMs, totalMs: performance.now() - started });

  // The package's isolate draws the cases on its own thread while this one transpiles.
  const preparing = prepareCases(loaded, job.seed, job.mode);
  let transpiled = await transpileSubmission(job.code);
  if (!transpiled.ok) {
    preparing.catch(() => undefined); // a package failure matters only to a submission that runs
    const gradable = false; // syntax errors and oversized input cost no attempt
    return result({ gradable, error: transpiled.error, timings: timings(transpiled.ms, 0) });
  }
  const prepared = await preparing;
  const rtol = loaded.suite.descriptor?.rtol ?? DEFAULT_CODE_RTOL;
  // A pool that counts CPU time (the exclusive lane) runs the full limit and its timeouts are
  // verdicts. Any other pool measures wall time: a run it stops for time is only "over budget",
  // and the caller grades it again in the exclusive lane (decision 053).
  const limitMs = pool.cpuAccounted
    ? pkg.timeLimitMs
    : Math.min(pkg.timeLimitMs, job.budgetMs === undefined ? Infinity : await fastLaneBudgetMs(loaded, job.budgetMs, pool));
  const runInSandbox = async (js: string) => {
    const run = await pool.run(sandboxJob(loaded, js, prepared.inputsJson, limitMs));
    if (!pool.cpuAccounted && !run.ok && run.error.kind === "timeout") throw new OverBudget();
    return run;
  };
  let outcome = await runInSandbox(transpiled.js);
  // The fast transpiler let through code V8 cannot compile: esbuild decides whether it is a
  // syntax error (no attempt used) or transpiles it properly.
  if (transpiled.via === "sucrase" && outcome.ok && outcome.output.ok && outcome.output.loadError?.startsWith("SyntaxError")) {
    const strict = await transpileWithEsbuild(job.code);
    if (!strict.ok) return result({ gradable: false, error: strict.error, timings: timings(transpiled.ms + strict.ms, outcome.runMs) });
    transpiled = strict;
    outcome = await runInSandbox(strict.js);
  }
  const caseTests = (message: Say): DraftTest[] =>
    prepared.cases.map((c) => ({ name: c.name, points: 0, maxPoints: c.points, passed: false, messages: [message] }));

  if (!outcome.ok) {
    // Timeouts and memory blow-ups are graded 0 (gradable): letting them cost no attempt would
    // let a student probe hidden inputs for free (loop forever when x < 0, and watch). Only the
    // platform's own failures cost nothing: the sandbox's, and an overloaded machine's.
    const gradable = outcome.error.kind !== "sandbox" && outcome.error.kind !== "overloaded";
    // The sandbox's message key, so the reason reads in every language (l10n).
    const { kind, text } = outcome.error;
    return result({ gradable, tests: gradable ? caseTests(text) : [], error: { kind, message: text }, timings: timings(transpiled.ms, outcome.runMs) });
  }
  const out = outcome.output;
  if (!out.ok) {
    return result({
      gradable: false,
      error: { kind: "sandbox", message: { key: "grader.driver-failed", params: { label: pkg.label, error: out.error } } },
      timings: timings(transpiled.ms, outcome.runMs),
    });
  }
  const stdout = out.stdoutTruncated ? `${out.stdout}\n[output truncated at ${out.stdout.length} characters]` : out.stdout;
  if (out.loadError !== null) {
    const message: Msg = { key: "grader.module-threw", params: { error: out.loadError } };
    return result({ tests: caseTests(message), stdout, error: { kind: "runtime", message }, timings: timings(transpiled.ms, outcome.runMs) });
  }
  if (out.missing.length > 0) {
    const message: Msg = { key: "grader.must-export", params: { names: out.missing.join(", ") } };
    return result({ tests: caseTests(message), stdout, error: { kind: "runtime", message }, timings: timings(transpiled.ms, outcome.runMs) });
  }
  if (out.wrongType.length > 0) {
    // One message per wrong export, joined with spaces.
    const [first, ...rest] = out.wrongType.map(wrongTypeMessage);
    const message: Msg = rest.reduce<Msg>((joined, m) => ({ key: "grader.join-space", params: { a: joined, b: m } }), first ?? { key: "grader.no-result" });
    return result({ tests: caseTests(message), stdout, error: { kind: "runtime", message }, timings: timings(transpiled.ms, outcome.runMs) });
  }
  if (out.cases.length !== prepared.cases.length) {
    return result({ gradable: false, error: { kind: "sandbox", message: { key: "grader.wrong-count" } }, timings: timings(transpiled.ms, outcome.runMs) });
  }

  const { outputs, failures } = await caseFailures(loaded, prepared, out.cases, rtol);
  const tests: DraftTest[] = prepared.cases.map((c, i) => {
    const output = outputs[i] ?? { ok: false, error: "no result" };
    const caseFailed = failures[i] ?? [{ key: "grader.no-result" }];
    const passed = caseFailed.length === 0;
    const test: DraftTest = { name: c.name, points: passed ? c.points : 0, maxPoints: c.points, passed, messages: passed ? [{ key: "grader.passed" }] : caseFailed };
    if (job.mode === "public") {
      // Rounded to what the tolerance decides: float noise (110.00000000000001) never shows.
      const shown = formatPair(prepared.expectedValues[i], output.ok ? output.value : undefined, rtol, passed);
      test.expected = shown.expected;
      test.actual = output.ok ? shown.actual : caseErrorText(output.error);
    }
    return test;
  });
  const max = tests.reduce((s, t) => s + t.maxPoints, 0);
  const got = tests.reduce((s, t) => s + t.points, 0);
  const score = max > 0 ? Math.min(1, got / max) : 0;

  let diagnosis: DraftResult["diagnosis"] = null;
  if (score < 1 && pkg.mistakes.length > 0) {
    diagnosis =
      (await diagnoseByMistakeFiles(loaded, job, prepared, outputs, pool, rtol).catch(() => null)) ??
      (await diagnoseByProperties(loaded, prepared, out.cases, failures).catch(() => null));
  }
  // The default comparison's tolerance, said once beside the results; a suite's own check()
  // decides by its own rule, and outputs without numbers have no tolerance to state.
  const stated = !loaded.suite.descriptor?.hasCheck && prepared.expectedValues.some(hasNumber) ? { rtol } : {};
  return result({ score, tests, diagnosis, stdout, ...stated, timings: timings(transpiled.ms, outcome.runMs) });
}

function hasNumber(v: unknown): boolean {
  if (typeof v === "number") return true;
  if (Array.isArray(v)) return v.some(hasNumber);
  if (v !== null && typeof v === "object") return Object.values(v).some(hasNumber);
  return false;
}

/**
 * Runs the package's known-wrong variants on the same inputs (cached per package hash, seed
 * and mode) and names the first whose outputs match the student's on every case.
 */
async function diagnoseByMistakeFiles(
  loaded: LoadedCodePackage,
  job: CodeJob,
  prepared: PreparedCases,
  outputs: CaseOutput[],
  pool: IsolatePool,
  rtol: number,
): Promise<DraftResult["diagnosis"]> {
  const { pkg } = loaded;
  const withFiles = pkg.mistakes.flatMap((m) => (m.source === null ? [] : [{ ...m, source: m.source }]));
  if (withFiles.length === 0) return null;
  const key = `${pkg.hash}:${job.mode}:${job.seed}`;
  let mistakeOutputs = mistakeCache.get(key);
  if (mistakeOutputs === undefined) {
    let sources = mistakeJsCache.get(pkg.hash);
    if (sources === undefined) {
      sources = await Promise.all(withFiles.map(async (m) => {
        const t = await transpileSubmission(m.source);
        return t.ok ? t.js : null;
      }));
      mistakeJsCache.set(pkg.hash, sources);
    }
    // All variants in the context kept for this package (IsolatePool.runTrusted).
    const runnable = sources.flatMap((js) => (js === null ? [] : [js]));
    const runs = await pool.runTrusted(runnable.map((js) => sandboxJob(loaded, js, prepared.inputsJson)), pkg.hash);
    let next = 0;
    mistakeOutputs = sources.map((js) => {
      if (js === null) return null;
      const run = runs[next++];
      if (!run?.ok || !run.output.ok || run.output.loadError !== null || run.output.missing.length > 0 || run.output.wrongType.length > 0) return null;
      return run.output.cases.map((c): CaseOutput => (c.ok ? { ok: true, value: decodeValue(c.value) } : { ok: false, error: c.error }));
    });
    mistakeCache.set(key, mistakeOutputs);
  }
  for (const [i, mistake] of withFiles.entries()) {
    const theirs = mistakeOutputs[i];
    if (!theirs || theirs.length !== outputs.length) continue;
    // At least one returned value must agree: "both threw everywhere" says nothing about the mistake.
    const comparable = outputs.some((o, j) => o.ok && theirs[j]?.ok === true);
    if (comparable && outputs.every((o, j) => sameCaseOutput(o, theirs[j] ?? { ok: false, error: "" }, rtol))) {
      return { id: mistake.id, message: { localized: mistake.message } };
    }
  }
  return null;
}

/**
 * Asks the suite's diagnose() about every failing case whose output could be read, and names the
 * first known mistake (in exercise.json order) it finds in all of them (decision 070): combined
 * mistakes and other ways of writing the same mistake get a name, one case's coincidence does not.
 */
async function diagnoseByProperties(
  loaded: LoadedCodePackage,
  prepared: PreparedCases,
  raw: { ok: boolean; value?: unknown }[],
  failures: Text[][],
): Promise<DraftResult["diagnosis"]> {
  if (!loaded.suite.descriptor?.hasDiagnose) return null;
  const inputs = JSON.parse(prepared.inputsJson) as unknown[];
  const failing = failures.flatMap((f, i) => (f.length > 0 && raw[i]?.ok === true ? [i] : []));
  if (failing.length === 0) return null;
  const named = await loaded.suite.diagnose(failing.map((i) => ({ input: inputs[i], actual: raw[i]?.value, expected: prepared.expected[i] })));
  for (const mistake of loaded.pkg.mistakes) {
    const found = named.map((list) => list.find((n) => n.id === mistake.id));
    if (found.every((n) => n !== undefined)) {
      const own = found[0]?.message ?? null;
      return { id: mistake.id, message: own ?? { localized: mistake.message } };
    }
  }
  return null;
}

/**
 * What diagnose() names on the reference solution's outputs for a seed's hidden cases: nothing,
 * for a sound suite. exercises:check asks, so that a property that also holds for right answers
 * never names a mistake a student did not make.
 */
export async function referenceDiagnoses(loaded: LoadedCodePackage, seed: number, pool: IsolatePool): Promise<{ name: string; ids: string[] }[]> {
  if (!loaded.suite.descriptor?.hasDiagnose) return [];
  const prepared = await prepareCases(loaded, seed, "hidden");
  const transpiled = await transpileSubmission(loaded.pkg.solution);
  if (!transpiled.ok) throw new Error(`solution.ts does not compile: ${transpiled.error.message}`);
  const [run] = await pool.runTrusted([sandboxJob(loaded, transpiled.js, prepared.inputsJson)], loaded.pkg.hash);
  if (!run?.ok || !run.output.ok) throw new Error("the reference solution did not run");
  const inputs = JSON.parse(prepared.inputsJson) as unknown[];
  const cases = run.output.cases;
  const readable = cases.flatMap((c, i) => (c.ok ? [i] : []));
  const named = await loaded.suite.diagnose(readable.map((i) => ({ input: inputs[i], actual: (cases[i] as { value?: unknown }).value, expected: prepared.expected[i] })));
  return readable.map((i, k) => ({ name: caseLabel(prepared.cases[i]?.name, i), ids: (named[k] ?? []).map((n) => n.id) }));
}

/** A case's name for an author's report: a plain name, or its message key. */
function caseLabel(name: Text | undefined, i: number): string {
  if (name === undefined) return `case ${i + 1}`;
  return typeof name === "string" ? name : name.key;
}
