import vm from "node:vm";
import { createRng } from "@/lib/engine";
import type { CodePackage } from "@/lib/exercises/loader";
import type { CodeCase } from "@/lib/exercises/suite-types";
import { compareOutput, formatValue, sameCaseOutput } from "./compare";
import type { Diagnosis, GradeError, GradeMode, GradeResult, TestResult } from "./contract";
import { decodeValue, type CaseOutput } from "./harness";
import type { IsolatePool, SandboxJob } from "./sandbox";
import { transpileSubmission, transpileWithEsbuild } from "./transpile";

// Grades one code submission: cases from the seed (host), student code in the sandbox, expected
// values from the engine (host), comparison and diagnosis (host). Runs in the grader process.

export const DEFAULT_CODE_RTOL = 1e-6;
/** Seed of the public cases' random stream, kept apart from the hidden one. */
const publicSeed = (seed: number): string => `public:${seed}`;

interface PreparedCases {
  cases: CodeCase<unknown>[];
  expected: unknown[];
  inputsJson: string;
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
  set(key: string, v: V): void {
    this.#map.delete(key);
    this.#map.set(key, v);
    if (this.#map.size > this.max) {
      const oldest = this.#map.keys().next().value;
      if (oldest !== undefined) this.#map.delete(oldest);
    }
  }
}

const casesCache = new Lru<PreparedCases>(2000);
const referenceRunCache = new Lru<Promise<number>>(200);
const mistakeCache = new Lru<(CaseOutput[] | null)[]>(2000);
const mistakeJsCache = new Lru<(string | null)[]>(200);
const driverCache = new Lru<string>(200);

/**
 * The driver's source as an expression. Function.prototype.toString of a method shorthand
 * (`driver(mod, input) { ... }`) is not an expression on its own, so it is wrapped in an object.
 */
export function driverSource(pkg: CodePackage): string {
  const cached = driverCache.get(pkg.hash);
  if (cached !== undefined) return cached;
  const src = pkg.suite.driver.toString();
  for (const candidate of [`(${src})`, `({${src}}).driver`]) {
    try {
      new vm.Script(candidate); // parse only, never run here
      driverCache.set(pkg.hash, candidate);
      return candidate;
    } catch {
      // try the next form
    }
  }
  throw new Error(`${pkg.label}/suite.ts: driver is not a self-contained function`);
}

/** A run of `js` under the package's driver, on `inputsJson`, with the package's limits. */
function sandboxJob(pkg: CodePackage, js: string, inputsJson: string, timeLimitMs = pkg.timeLimitMs): SandboxJob {
  return { js, driver: driverSource(pkg), inputsJson, exports: pkg.exports, timeLimitMs, memoryLimitMb: pkg.memoryLimitMb };
}

function prepareCases(pkg: CodePackage, seed: number, mode: GradeMode): PreparedCases {
  const key = `${pkg.hash}:${mode}:${seed}`;
  const cached = casesCache.get(key);
  if (cached !== undefined) return cached;
  const cases =
    mode === "public" ? pkg.suite.publicCases(createRng(publicSeed(seed))) : pkg.suite.hiddenCases(createRng(seed));
  const expected = cases.map((c) => pkg.suite.expected(c.input));
  const prepared = { cases, expected, inputsJson: JSON.stringify(cases.map((c) => c.input)) };
  casesCache.set(key, prepared);
  return prepared;
}

/**
 * "MulLayer must be a class, but your code exports a number." Drivers construct PascalCase exports
 * and call the others, which is the naming every exercise follows (exercise.json `exports`).
 */
export function wrongTypeMessage(w: { name: string; type: string }): string {
  const expected = /^[A-Z]/.test(w.name) ? `a class (export class ${w.name} { … })` : `a function (export function ${w.name}(…) { … })`;
  const got = w.type === "null" ? "null" : `${/^[aeiou]/.test(w.type) ? "an" : "a"} ${w.type}`;
  return `${w.name} must be ${expected}, but your code exports ${got}.`;
}

function decodeCases(raw: { ok: boolean; value?: unknown; error?: string }[]): CaseOutput[] {
  return raw.map((c) => (c.ok ? { ok: true, value: decodeValue(c.value) } : { ok: false, error: c.error ?? "failed" }));
}

function result(partial: Partial<GradeResult> & Pick<GradeResult, "timings">): GradeResult {
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
export function referenceRunMs(pkg: CodePackage, pool: IsolatePool): Promise<number> {
  let pending = referenceRunCache.get(pkg.hash);
  if (pending === undefined) {
    pending = (async () => {
      const transpiled = await transpileSubmission(pkg.solution);
      if (!transpiled.ok) return Infinity;
      const job = sandboxJob(pkg, transpiled.js, prepareCases(pkg, 0, "hidden").inputsJson);
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
export async function fastLaneBudgetMs(pkg: CodePackage, requestedMs: number, pool: IsolatePool): Promise<number> {
  const reference = await referenceRunMs(pkg, pool);
  // Whole milliseconds: isolated-vm's timeout must be an integer.
  return Math.min(requestedMs, Math.max(MIN_FAST_BUDGET_MS, Math.ceil(FAST_BUDGET_FACTOR * reference)));
}

export async function gradeCode(pkg: CodePackage, job: CodeJob, pool: IsolatePool): Promise<GradeResult> {
  const started = performance.now();
  const timings = (transpileMs: number, runMs: number) => ({ transpileMs, runMs, totalMs: performance.now() - started });

  let transpiled = await transpileSubmission(job.code);
  if (!transpiled.ok) {
    const gradable = false; // syntax errors and oversized input cost no attempt
    return result({ gradable, error: transpiled.error, timings: timings(transpiled.ms, 0) });
  }
  const prepared = prepareCases(pkg, job.seed, job.mode);
  const rtol = pkg.suite.rtol ?? DEFAULT_CODE_RTOL;
  const limitMs = Math.min(pkg.timeLimitMs, job.budgetMs === undefined ? Infinity : await fastLaneBudgetMs(pkg, job.budgetMs, pool));
  const budgeted = limitMs < pkg.timeLimitMs;
  const runInSandbox = async (js: string) => {
    const run = await pool.run(sandboxJob(pkg, js, prepared.inputsJson, limitMs));
    if (budgeted && !run.ok && run.error.kind === "timeout") throw new OverBudget();
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
  const caseTests = (message: string): TestResult[] =>
    prepared.cases.map((c) => ({ name: c.name, points: 0, maxPoints: c.points ?? 1, passed: false, message }));

  if (!outcome.ok) {
    // Timeouts and memory blow-ups are graded 0 (gradable): letting them cost no attempt would
    // let a student probe hidden inputs for free (loop forever when x < 0, and watch).
    const gradable = outcome.error.kind !== "sandbox";
    return result({ gradable, tests: gradable ? caseTests(outcome.error.message) : [], error: outcome.error, timings: timings(transpiled.ms, outcome.runMs) });
  }
  const out = outcome.output;
  if (!out.ok) {
    return result({
      gradable: false,
      error: { kind: "sandbox", message: `${pkg.label}: the test driver failed to load: ${out.error}` },
      timings: timings(transpiled.ms, outcome.runMs),
    });
  }
  const stdout = out.stdoutTruncated ? `${out.stdout}\n[output truncated at ${out.stdout.length} characters]` : out.stdout;
  if (out.loadError !== null) {
    const error: GradeError = { kind: "runtime", message: `Your module threw while loading: ${out.loadError}` };
    return result({ tests: caseTests(error.message), stdout, error, timings: timings(transpiled.ms, outcome.runMs) });
  }
  if (out.missing.length > 0) {
    const error: GradeError = { kind: "runtime", message: `Your code must export ${out.missing.join(", ")}` };
    return result({ tests: caseTests(error.message), stdout, error, timings: timings(transpiled.ms, outcome.runMs) });
  }
  if (out.wrongType.length > 0) {
    const error: GradeError = { kind: "runtime", message: out.wrongType.map(wrongTypeMessage).join(" ") };
    return result({ tests: caseTests(error.message), stdout, error, timings: timings(transpiled.ms, outcome.runMs) });
  }
  if (out.cases.length !== prepared.cases.length) {
    return result({ gradable: false, error: { kind: "sandbox", message: "The sandbox returned the wrong number of results" }, timings: timings(transpiled.ms, outcome.runMs) });
  }

  const outputs = decodeCases(out.cases);
  const tests: TestResult[] = prepared.cases.map((c, i) => {
    const output = outputs[i] ?? { ok: false, error: "no result" };
    const expected = prepared.expected[i];
    const maxPoints = c.points ?? 1;
    let failures: string[];
    if (!output.ok) failures = [`threw ${output.error}`];
    else if (pkg.suite.check) failures = pkg.suite.check(c.input, output.value, expected);
    else failures = compareOutput(output.value, expected, rtol);
    const passed = failures.length === 0;
    const test: TestResult = { name: c.name, points: passed ? maxPoints : 0, maxPoints, passed, message: passed ? "passed" : failures.join("; ") };
    if (job.mode === "public") {
      test.expected = formatValue(expected);
      test.actual = output.ok ? formatValue(output.value) : `threw ${output.error}`;
    }
    return test;
  });
  const max = tests.reduce((s, t) => s + t.maxPoints, 0);
  const got = tests.reduce((s, t) => s + t.points, 0);
  const score = max > 0 ? Math.min(1, got / max) : 0;

  let diagnosis: Diagnosis | null = null;
  if (score < 1 && pkg.mistakes.length > 0) {
    diagnosis = await diagnose(pkg, job, prepared, outputs, pool, rtol);
  }
  return result({ score, tests, diagnosis, stdout, timings: timings(transpiled.ms, outcome.runMs) });
}

/**
 * Runs the package's known-wrong variants on the same inputs (cached per package hash, seed
 * and mode) and names the first whose outputs match the student's on every case.
 */
async function diagnose(
  pkg: CodePackage,
  job: CodeJob,
  prepared: PreparedCases,
  outputs: CaseOutput[],
  pool: IsolatePool,
  rtol: number,
): Promise<Diagnosis | null> {
  const key = `${pkg.hash}:${job.mode}:${job.seed}`;
  let mistakeOutputs = mistakeCache.get(key);
  if (mistakeOutputs === undefined) {
    let sources = mistakeJsCache.get(pkg.hash);
    if (sources === undefined) {
      sources = await Promise.all(pkg.mistakes.map(async (m) => {
        const t = await transpileSubmission(m.source);
        return t.ok ? t.js : null;
      }));
      mistakeJsCache.set(pkg.hash, sources);
    }
    // Instructor code: all variants in the context kept for this package (IsolatePool.runTrusted).
    const runnable = sources.flatMap((js) => (js === null ? [] : [js]));
    const runs = await pool.runTrusted(runnable.map((js) => sandboxJob(pkg, js, prepared.inputsJson)), pkg.hash);
    let next = 0;
    mistakeOutputs = sources.map((js) => {
      if (js === null) return null;
      const run = runs[next++];
      if (!run?.ok || !run.output.ok || run.output.loadError !== null || run.output.missing.length > 0 || run.output.wrongType.length > 0) return null;
      return decodeCases(run.output.cases);
    });
    mistakeCache.set(key, mistakeOutputs);
  }
  for (const [i, mistake] of pkg.mistakes.entries()) {
    const theirs = mistakeOutputs[i];
    if (!theirs || theirs.length !== outputs.length) continue;
    // At least one returned value must agree: "both threw everywhere" says nothing about the mistake.
    const comparable = outputs.some((o, j) => o.ok && theirs[j]?.ok === true);
    if (comparable && outputs.every((o, j) => sameCaseOutput(o, theirs[j] ?? { ok: false, error: "" }, rtol))) {
      return { id: mistake.id, message: mistake.message };
    }
  }
  return null;
}
