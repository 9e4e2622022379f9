import ivm from "isolated-vm";
import { z } from "zod";
import { textSchema, type Text } from "@/lib/exercises/i18n";
import type { ExercisePackage } from "@/lib/exercises/loader";
import { quizVariantSchema, checkQuizVariant, type QuizVariant } from "@/lib/exercises/quiz";
import { loadReportSchema, parseSuiteDescriptor, type SuiteDescriptor } from "@/lib/exercises/suite-schema";
import type { GradeMode } from "./contract";
import { sandboxScripts } from "./sandbox-scripts";
import { bundleSuite } from "./suite-bundle";

// Exercise packages run here: each package's suite.ts is bundled (lib/grading/suite-bundle.ts)
// and evaluated in a context of its own isolate, next to the reference engine, behind the package
// harness (lib/grading/isolate/package-harness.ts). One isolate per package, so a package that
// exhausts its memory or loops takes nothing of another package with it. Every call has a time
// and a memory limit; every answer is a string, size-capped and validated here. A failure names
// the file, the package function and what happened (PackageError), for exercises:check and the
// authoring page; the isolate is then disposed and made anew on the next call.

/** Each call into a package (its cases for a seed, a quiz variant, a check of one submission). */
export const PACKAGE_CALL_LIMIT_MS = 5000;
export const PACKAGE_MEMORY_LIMIT_MB = 128;
/** Host backstop beyond isolated-vm's own timeout (builtins like sort() do not stop at it). */
const WALL_SLACK_MS = 1000;
const MAX_ANSWER_CHARS = 16 * 1024 * 1024;
/** Package isolates kept at once (least recently used first out). */
const MAX_LOADED = 48;
/** Quiz variants kept per package (a student's page asks for the same seed again and again). */
const MAX_QUIZ_VARIANTS = 2000;

export class PackageError extends Error {
  constructor(
    /** "exercises/mul-layer/suite.ts" */
    readonly file: string,
    /** What ran: "hiddenCases()", "evaluating the module", ... */
    readonly where: string,
    readonly what: string,
    /** Set when `what` is already a whole message naming its file (esbuild's file:line:column). */
    message = `${file}: ${where ? `${where}: ` : ""}${what}`,
  ) {
    super(message);
  }
}

/** One seed's cases of a code item: names and points, the inputs as sent, the expected outputs. */
export interface SuiteCases {
  /** name: a message key with params, or a plain string. */
  cases: { name: Text; points: number }[];
  /** The inputs as JSON text, as the package wrote it: what the student's driver receives. */
  inputsJson: string;
  /** Expected values, as JSON with value markers (harness-output.ts). */
  expected: unknown[];
}

export type CheckOutcome = { ok: true; failures: Text[] } | { ok: false; error: string };

const failureSchema = z.object({ ok: z.literal(false), fn: z.string(), error: z.string() });
const notCasesSchema = z.object({ ok: z.literal(true), cases: z.null(), casesType: z.string() });
const casesSchema = z.object({
  ok: z.literal(true),
  cases: z.array(z.object({ name: z.union([z.string().min(1).max(500), textSchema]), points: z.number().min(0).max(1e6).nullable() })).min(1).max(10_000),
  inputsJson: z.string(),
  expected: z.array(z.unknown()),
});

/**
 * The common answer to "cases", checked by hand: it comes for every new seed of every submission,
 * and a zod parse of it cost more than the package's own work (measured). Anything else goes to
 * the schema, for its message.
 */
function plainCases(json: unknown): z.infer<typeof casesSchema> | null {
  const a = json as { ok?: unknown; cases?: unknown; inputsJson?: unknown; expected?: unknown } | null;
  if (a === null || typeof a !== "object" || a.ok !== true || typeof a.inputsJson !== "string" || !Array.isArray(a.cases) || !Array.isArray(a.expected)) return null;
  const cases = a.cases as unknown[];
  if (cases.length < 1 || cases.length > 10_000) return null;
  for (const c of cases) {
    const { name, points } = (c ?? {}) as { name?: unknown; points?: unknown };
    if (typeof name !== "string" || name.length < 1 || name.length > 500) {
      // A message { key, params } goes to the schema (rarer than plain names were; still cheap).
      if (!textSchema.safeParse(name).success) return null;
    }
    if (points !== null && !(typeof points === "number" && points >= 0 && points <= 1e6)) return null;
  }
  return a as z.infer<typeof casesSchema>;
}
const checkSchema = z.object({
  ok: z.literal(true),
  results: z.array(z.union([z.object({ ok: z.literal(true), failures: z.array(textSchema) }), z.object({ ok: z.literal(false), error: z.string() })])),
});
const diagnoseSchema = z.object({
  ok: z.literal(true),
  results: z.array(z.array(z.object({ id: z.string(), message: textSchema.nullable() }))),
});
const quizSchema = quizVariantSchema.extend({ ok: z.literal(true) });

/** A mistake diagnose() names for one case, with its own message or null (exercise.json's). */
export interface NamedMistake {
  id: string;
  message: Text | null;
}

type Api = ivm.Reference<(op: string, arg: string) => string>;

interface Instance {
  isolate: ivm.Isolate;
  call: Api;
  phase: ivm.Reference<() => string>;
}

/** A loaded package's suite: the answers of its functions, computed in its isolate. */
export class SuiteHandle {
  readonly #runtime: PackageRuntime;
  readonly #pkg: ExercisePackage;
  readonly #file: string;
  #instance: Promise<Instance> | null = null;
  readonly #quizzes = new Map<number, Promise<QuizVariant>>();
  /** Cases requests of this turn of the event loop, sent to the isolate together (one hop). */
  #pendingCases: { seed: number; mode: GradeMode; resolve: (c: SuiteCases) => void; reject: (e: unknown) => void }[] = [];
  descriptor: SuiteDescriptor | null = null;

  constructor(runtime: PackageRuntime, pkg: ExercisePackage) {
    this.#runtime = runtime;
    this.#pkg = pkg;
    this.#file = `${pkg.label}/suite.ts`;
  }

  get file(): string {
    return this.#file;
  }

  /** Bundles and evaluates the suite (again, after a failure disposed the isolate). */
  #ensure(): Promise<Instance> {
    this.#instance ??= this.#start();
    const pending = this.#instance;
    pending.catch(() => {
      if (this.#instance === pending) this.#instance = null;
    });
    return pending;
  }

  async #start(): Promise<Instance> {
    const code = await this.#runtime.bundle(this.#pkg);
    const isolate = new ivm.Isolate({ memoryLimit: PACKAGE_MEMORY_LIMIT_MB });
    try {
      const script = await isolate.compileScript(sandboxScripts().package, { filename: "package-harness.js" });
      const context = await isolate.createContext();
      const api = (await script.run(context, { reference: true })) as ivm.Reference<{ call: unknown; phase: unknown }>;
      const call = (await api.get("call", { reference: true })) as Api;
      const phase = (await api.get("phase", { reference: true })) as ivm.Reference<() => string>;
      const instance = { isolate, call, phase };
      const report = loadReportSchema.safeParse(await this.#apply(instance, "load", { code }, "evaluating the module"));
      if (!report.success) throw new PackageError(this.#file, "evaluating the module", "the package harness answered something unexpected");
      try {
        this.descriptor = parseSuiteDescriptor(report.data, this.#pkg.kind, this.#file);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        throw new PackageError(this.#file, "the default export", message, message);
      }
      return instance;
    } catch (e) {
      dispose(isolate);
      throw e;
    }
  }

  /** One call of the harness, with the limits; the isolate is disposed on any failure but a thrown error. */
  async #apply(instance: Instance, op: string, arg: unknown, doing: string): Promise<unknown> {
    const { isolate } = instance;
    let wallExpired = false;
    const backstop = setTimeout(() => {
      wallExpired = true;
      dispose(isolate);
    }, PACKAGE_CALL_LIMIT_MS + WALL_SLACK_MS);
    let raw: unknown;
    try {
      raw = await instance.call.apply(undefined, [op, JSON.stringify(arg)], { timeout: PACKAGE_CALL_LIMIT_MS, arguments: { copy: true }, result: { copy: true } });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // Disposed before we retire it: the memory limit (or our backstop) ended it.
      const disposed = isolate.isDisposed;
      let where = doing;
      if (!disposed) {
        // Still alive after a timeout: it can tell which package function was running.
        where = (await instance.phase.apply(undefined, [], { timeout: 100 }).catch(() => "")) || doing;
      }
      this.#retire(instance);
      if (/memory limit/i.test(message) || (disposed && !wallExpired && !/timed out/i.test(message))) {
        throw new PackageError(this.#file, where, `used more than ${PACKAGE_MEMORY_LIMIT_MB} MB of memory`);
      }
      if (wallExpired || /timed out/i.test(message)) {
        throw new PackageError(this.#file, where, `ran longer than ${PACKAGE_CALL_LIMIT_MS} ms (an infinite loop?)`);
      }
      // The harness catches every synchronous throw: what escapes it is an unhandled rejection.
      throw new PackageError(this.#file, where, `left a promise rejection unhandled: ${message.slice(0, 300)}`);
    } finally {
      clearTimeout(backstop);
    }
    if (typeof raw !== "string") throw new PackageError(this.#file, doing, "the package harness returned no answer");
    if (raw.length > MAX_ANSWER_CHARS) throw new PackageError(this.#file, doing, `returned more than ${MAX_ANSWER_CHARS / 1024 / 1024} MB of data`);
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new PackageError(this.#file, doing, "the package harness returned malformed output");
    }
    if ((json as { ok?: unknown } | null)?.ok === false) {
      const failed = failureSchema.safeParse(json);
      if (failed.success) throw new PackageError(this.#file, failed.data.fn || doing, `threw ${failed.data.error}`);
    }
    return json;
  }

  #retire(instance: Instance): void {
    dispose(instance.isolate);
    this.#instance = null;
  }

  async #callOp(op: string, arg: unknown, doing: string): Promise<unknown> {
    const instance = await this.#ensure();
    return this.#apply(instance, op, arg, doing);
  }

  /**
   * A seed's cases (public or hidden) and the expected output of each. Requests made in the same
   * turn of the event loop (a burst of new students) share one call into the isolate.
   */
  cases(seed: number, mode: GradeMode): Promise<SuiteCases> {
    return new Promise((resolve, reject) => {
      this.#pendingCases.push({ seed, mode, resolve, reject });
      if (this.#pendingCases.length === 1) queueMicrotask(() => void this.#flushCases());
    });
  }

  async #flushCases(): Promise<void> {
    const batch = this.#pendingCases;
    this.#pendingCases = [];
    const fns = [...new Set(batch.map((r) => (r.mode === "public" ? "publicCases()" : "hiddenCases()")))].join(" or ");
    let answers: unknown[];
    try {
      const json = await this.#callOp("cases", { requests: batch.map(({ seed, mode }) => ({ seed, mode })) }, `${fns} and expected()`);
      const list = (json as { answers?: unknown } | null)?.answers;
      if (!Array.isArray(list) || list.length !== batch.length) throw new PackageError(this.#file, fns, "the package harness answered something unexpected");
      answers = list;
    } catch (e) {
      for (const r of batch) r.reject(e);
      return;
    }
    batch.forEach((r, i) => {
      try {
        r.resolve(this.#oneCases(answers[i], r.mode));
      } catch (e) {
        r.reject(e);
      }
    });
  }

  /** One seed's answer, validated. */
  #oneCases(answer: unknown, mode: GradeMode): SuiteCases {
    const fn = mode === "public" ? "publicCases()" : "hiddenCases()";
    if ((answer as { ok?: unknown } | null)?.ok === false) {
      const failed = failureSchema.safeParse(answer);
      if (failed.success) throw new PackageError(this.#file, failed.data.fn || fn, `threw ${failed.data.error}`);
    }
    let data = plainCases(answer);
    if (data === null) {
      const notCases = notCasesSchema.safeParse(answer);
      if (notCases.success) throw new PackageError(this.#file, fn, `must return an array of cases, not ${notCases.data.casesType}`);
      const parsed = casesSchema.safeParse(answer);
      if (!parsed.success) throw new PackageError(this.#file, fn, `returned cases of the wrong shape: ${describeIssue(parsed.error)}`);
      data = parsed.data;
    }
    if (data.expected.length !== data.cases.length) throw new PackageError(this.#file, fn, "returned cases of the wrong shape");
    return { cases: data.cases.map((c) => ({ name: c.name, points: c.points ?? 1 })), inputsJson: data.inputsJson, expected: data.expected };
  }

  /** check(input, actual, expected) per item (actual and expected as wire values). */
  async check(items: { input: unknown; actual: unknown; expected: unknown }[]): Promise<CheckOutcome[]> {
    const parsed = checkSchema.safeParse(await this.#callOp("check", { items }, "check()"));
    if (!parsed.success || parsed.data.results.length !== items.length) throw new PackageError(this.#file, "check()", "answered something unexpected");
    return parsed.data.results;
  }

  /** diagnose(input, actual, expected) per item: the mistakes each output shows (decision 070). */
  async diagnose(items: { input: unknown; actual: unknown; expected: unknown }[]): Promise<NamedMistake[][]> {
    const parsed = diagnoseSchema.safeParse(await this.#callOp("diagnose", { items }, "diagnose()"));
    if (!parsed.success || parsed.data.results.length !== items.length) throw new PackageError(this.#file, "diagnose()", "answered something unexpected");
    return parsed.data.results;
  }

  /** A quiz variant for a seed: presentation, answer and hints, checked for consistency. Kept per seed. */
  quiz(seed: number): Promise<QuizVariant> {
    let pending = this.#quizzes.get(seed);
    if (pending === undefined) {
      pending = this.#computeQuiz(seed);
      pending.catch(() => this.#quizzes.delete(seed));
      this.#quizzes.set(seed, pending);
      if (this.#quizzes.size > MAX_QUIZ_VARIANTS) this.#quizzes.delete(this.#quizzes.keys().next().value ?? 0);
    }
    return pending;
  }

  async #computeQuiz(seed: number): Promise<QuizVariant> {
    const parsed = quizSchema.safeParse(await this.#callOp("quiz", { seed }, "variant(), present() or answer()"));
    if (!parsed.success) throw new PackageError(this.#file, "present() / answer()", `returned a value of the wrong shape: ${describeIssue(parsed.error)}`);
    const { ok: _ok, ...variant } = parsed.data;
    try {
      return checkQuizVariant(variant, this.#pkg.label);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      throw new PackageError(this.#file, "present() / answer()", message, message);
    }
  }

  /** Loads the suite now (if it is not loaded) and answers its descriptor. */
  async load(): Promise<SuiteDescriptor> {
    await this.#ensure();
    if (this.descriptor === null) throw new PackageError(this.#file, "", "the suite did not load");
    return this.descriptor;
  }

  dispose(): void {
    const pending = this.#instance;
    this.#instance = null;
    void pending?.then((instance) => dispose(instance.isolate), () => undefined);
  }
}

/** The packages of one grader process, by content hash. */
export class PackageRuntime {
  readonly #handles = new Map<string, SuiteHandle>();
  readonly #bundles = new Map<string, Promise<string>>();

  /** The package's suite, loaded (bundled and evaluated) before it is returned. */
  async load(pkg: ExercisePackage): Promise<SuiteHandle> {
    let handle = this.#handles.get(pkg.hash);
    if (handle === undefined) {
      handle = new SuiteHandle(this, pkg);
      this.#handles.set(pkg.hash, handle);
      while (this.#handles.size > MAX_LOADED) {
        const oldest = this.#handles.keys().next().value;
        if (oldest === undefined) break;
        this.#handles.get(oldest)?.dispose();
        this.#handles.delete(oldest);
      }
    } else {
      // Most recently used last.
      this.#handles.delete(pkg.hash);
      this.#handles.set(pkg.hash, handle);
    }
    try {
      await handle.load();
    } catch (e) {
      // A package that does not load is not kept: the author fixes it and tries again.
      if (this.#handles.get(pkg.hash) === handle) this.#handles.delete(pkg.hash);
      handle.dispose();
      throw e;
    }
    return handle;
  }

  /** The suite's CommonJS bundle, made once per package version. */
  bundle(pkg: ExercisePackage): Promise<string> {
    let pending = this.#bundles.get(pkg.hash);
    if (pending === undefined) {
      pending = bundleSuite(pkg.files, pkg.label).catch((e: unknown) => {
        this.#bundles.delete(pkg.hash);
        const message = e instanceof Error ? e.message : String(e);
        throw new PackageError(`${pkg.label}/suite.ts`, "bundling", message, message);
      });
      this.#bundles.set(pkg.hash, pending);
      if (this.#bundles.size > MAX_LOADED * 4) this.#bundles.delete(this.#bundles.keys().next().value ?? "");
    }
    return pending;
  }

  dispose(): void {
    for (const handle of this.#handles.values()) handle.dispose();
    this.#handles.clear();
  }
}

function dispose(isolate: ivm.Isolate): void {
  if (isolate.isDisposed) return;
  try {
    isolate.dispose();
  } catch {
    // already disposed by a memory-limit failure
  }
}

function describeIssue(error: z.ZodError): string {
  const first = error.issues[0];
  if (first === undefined) return "invalid";
  const where = first.path.length > 0 ? first.path.map(String).join(".") : "the value";
  return `${where}: ${first.message}`;
}
