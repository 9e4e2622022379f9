import { z } from "zod";
import type { GraderClient, PackageSource } from "@/lib/grading/client";
import type { GradeMode, GradeResult } from "@/lib/grading/contract";
import { decodeValue } from "@/lib/grading/harness-output";
import { presentationForStudent } from "./graph-display";
import { CONTENT_LOCALES, formatTranslationIssue, textSchema, translationIssues } from "./i18n";
import { loadCourse, type CodePackage, type ExercisePackage, type QuizPackage } from "./loader";
import { DEFAULT_QUIZ_RTOL, quizPresentationSchema, quizVariantSchema } from "./quiz";
import { scoreBounds, type SampleMeta } from "./schema";
import type { QuizAnswer, QuizPresentation } from "./suite-types";

// `npm run exercises:check`, tests/exercises and the authoring page prove every package with
// this: the reference solution scores 1 on many seeds, the starter does not, every known mistake
// is recognised as itself, every sample gets its labelled score / diagnosis / gradability,
// nothing exceeds its time budget, and no hidden expected value shows up in anything a student
// can see. Everything the package computes comes from the grader (its suite runs only there, in
// an isolate); a package that throws, loops or runs out of memory is reported by file and
// function, like any other problem.

/** What the checks need of the grader: grading, and the package's own answers (cases, variants). */
export type CheckGrader = Pick<GraderClient, "grade" | "inspect">;

export interface CheckOptions {
  /** The real grader (createGraderClient()): grades code and quiz answers, answers inspections. */
  grader: CheckGrader;
  /** Seeds the reference solution (and quiz answers) must pass; default 20. */
  seeds?: number;
  /** Seeds every sample and mistake is checked on; default [1, 2, 3] (1 is the grader's default seed). */
  sampleSeeds?: number[];
}

/**
 * Diagnosis coverage of a code item: of its realistic wrong samples (in samples/, gradable, scoring
 * below 1, not hostile), how many are labelled with (and proved to get) a named diagnosis.
 */
export interface DiagnosisCoverage {
  diagnosed: number;
  wrong: number;
}

export interface PackageReport {
  slug: string;
  kind: string;
  seeds: number;
  ok: boolean;
  problems: string[];
  /**
   * What does not stop the package but a translator or author must see: a text missing in a
   * language, a translation older than its English source (stale) or never stamped.
   */
  warnings: string[];
  /** Code items only. */
  coverage: DiagnosisCoverage | null;
  /** Wall time of the whole check of this package. */
  ms: number;
  /** Slowest single grade of the reference solution (code) or of one quiz answer. */
  maxGradeMs: number;
}

const DEFAULT_SAMPLE_SEEDS = [1, 2, 3];
/** Realistic wrong samples a code item needs, and the share of them that must get a diagnosis. */
export const MIN_WRONG_SAMPLES = 8;
export const MIN_DIAGNOSIS_COVERAGE = 0.8;
/** Seeds on which diagnose() must stay silent about the reference solution's outputs. */
const REFERENCE_DIAGNOSIS_SEEDS = 10;
/** The grader's default relative tolerance of code outputs (lib/grading/grade-code.ts). */
const DEFAULT_CODE_RTOL = 1e-6;
const SCORE_EPS = 1e-9;
/** Grading one quiz answer (variant + present + answer + compare) must feel instant. */
const QUIZ_BUDGET_MS = 250;

/** A failure of the package itself (its suite threw, looped, ran out of memory, has the wrong shape). */
class PackageFailure extends Error {}

const sourceOf = (pkg: ExercisePackage): PackageSource => ({ slug: pkg.slug, files: pkg.files, label: pkg.label });

const casesAnswerSchema = z.object({ cases: z.array(z.object({ name: textSchema, points: z.number() })), inputs: z.array(z.unknown()), expected: z.array(z.unknown()) });

async function inspectValue<T>(grader: CheckGrader, pkg: ExercisePackage, request: Parameters<CheckGrader["inspect"]>[1], schema: z.ZodType<T>): Promise<T> {
  const answer = await grader.inspect(sourceOf(pkg), request);
  if (!answer.ok) throw new PackageFailure(answer.message);
  const parsed = schema.safeParse(answer.value);
  if (!parsed.success) throw new PackageFailure(`the grader answered something unexpected for ${request.fn}`);
  return parsed.data;
}

export async function checkPackage(pkg: ExercisePackage, options: CheckOptions): Promise<PackageReport> {
  const started = performance.now();
  const seeds = options.seeds ?? 20;
  const problems: string[] = [];
  const warnings: string[] = [];
  // Languages: a structural difference (placeholders, graph blocks, message parameters) breaks a
  // page and is a problem; a missing, stale or unstamped translation is a warning.
  for (const issue of translationIssues(pkg)) (issue.kind === "mismatch" ? problems : warnings).push(`translation: ${formatTranslationIssue(issue)}`);
  let maxGradeMs = 0;
  const coverage = pkg.kind === "code" ? diagnosisCoverage(pkg.meta.samples ?? []) : null;
  try {
    // The suite loads (bundles, evaluates, has the right shape) before anything else is asked of it.
    const described = await inspectValue(options.grader, pkg, { fn: "describe" }, z.object({ rtol: z.number().nullable() }));
    const defaultRtol = pkg.kind === "code" ? DEFAULT_CODE_RTOL : DEFAULT_QUIZ_RTOL;
    if (pkg.kind !== "choice" && pkg.kind !== "order" && !statesTolerance(pkg.prompt, described.rtol ?? defaultRtol)) {
      problems.push(`prompt.md does not state the tolerance answers are compared with (a relative error of ${described.rtol ?? defaultRtol})`);
    }
    if (pkg.kind === "code") maxGradeMs = await checkCode(pkg, options, seeds, problems);
    else maxGradeMs = await checkQuiz(pkg, options.grader, seeds, problems);
  } catch (err) {
    problems.push(err instanceof PackageFailure ? err.message : `check crashed: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { slug: pkg.slug, kind: pkg.kind, seeds, ok: problems.length === 0, problems, warnings, coverage, ms: performance.now() - started, maxGradeMs };
}

/** Is `sample` one of a code item's realistic wrong samples (what the coverage counts)? */
export function isRealisticWrongSample(sample: SampleMeta): boolean {
  return sample.file.startsWith("samples/") && (sample.gradable ?? true) && scoreBounds(sample)[1] < 1 && sample.hostile !== true;
}

/** The share of realistic wrong samples labelled with a diagnosis (the labels are proved by the sample checks). */
export function diagnosisCoverage(samples: readonly SampleMeta[]): DiagnosisCoverage {
  const wrong = samples.filter(isRealisticWrongSample);
  return { diagnosed: wrong.filter((s) => (s.diagnosis ?? null) !== null).length, wrong: wrong.length };
}

/** How a tolerance tends to be written: 10^{-4}, 10⁻⁴, 1e-4, 0.0001. */
export function toleranceForms(rtol: number): string[] {
  const exponent = Math.log10(rtol);
  const forms = new Set<string>([String(rtol), rtol.toExponential()]);
  if (Number.isInteger(Math.round(exponent * 1e9) / 1e9)) {
    const k = -Math.round(exponent);
    const superscript = String(k).replace(/\d/g, (d) => "⁰¹²³⁴⁵⁶⁷⁸⁹"[Number(d)] ?? d);
    for (const f of [`10^{-${k}}`, `10^{−${k}}`, `10^-${k}`, `1e-${k}`, `10⁻${superscript}`]) forms.add(f);
  }
  return [...forms];
}

/** Does the prompt say how close an answer must be ("within a relative error of 10^{-4}")? */
export function statesTolerance(prompt: string, rtol: number): boolean {
  return /relative\s+(error|tolerance)/i.test(prompt) && toleranceForms(rtol).some((f) => prompt.includes(f));
}

// ---------------------------------------------------------------- code items

async function checkCode(pkg: CodePackage, options: CheckOptions, seeds: number, problems: string[]): Promise<number> {
  const sampleSeeds = options.sampleSeeds ?? DEFAULT_SAMPLE_SEEDS;
  const grade = (code: string, seed: number, mode: GradeMode = "hidden"): Promise<GradeResult> => options.grader.grade({ pkg: sourceOf(pkg), code, seed, mode });
  const budget = pkg.timeLimitMs;
  let maxGradeMs = 0;

  const hiddenCount = (await hiddenCases(options.grader, pkg, 1)).cases.length;
  if (hiddenCount < 10) problems.push(`only ${hiddenCount} hidden cases (want at least 10)`);
  if (pkg.mistakes.length < 3) problems.push(`only ${pkg.mistakes.length} known mistakes (want at least 3)`);

  // The suite itself must work before anything else can be proved: when it fails grading the
  // reference solution (throws, loops, runs out of memory, or its check() does on these outputs),
  // that is the one problem to report, and the other checks would only repeat it (slowly).
  const first = await grade(pkg.solution, 1);
  const suiteFailure =
    !first.gradable && first.error?.kind === "sandbox" ? first.error.message : first.tests.find((t) => t.message.includes("could not be checked"))?.message;
  if (suiteFailure !== undefined) {
    problems.push(`the suite failed while grading the reference solution (seed 1): ${suiteFailure}`);
    return first.timings.runMs;
  }

  // Reference solution: 1 on every seed, hidden and public, well within the time budget.
  const solutionRuns = [
    { seed: 1, result: first },
    ...(await Promise.all(Array.from({ length: seeds - 1 }, (_, i) => i + 2).map(async (seed) => ({ seed, result: await grade(pkg.solution, seed) })))),
  ];
  for (const { seed, result } of solutionRuns) {
    maxGradeMs = Math.max(maxGradeMs, result.timings.runMs);
    if (result.score !== 1 || !result.gradable) {
      const failed = result.tests.filter((t) => !t.passed).map((t) => `${t.name}: ${t.message}`);
      problems.push(`solution scores ${result.score} on seed ${seed}${result.error ? ` (${result.error.kind}: ${result.error.message})` : ""}${failed.length ? `: ${failed.slice(0, 3).join(" | ")}` : ""}`);
    }
    if (result.timings.runMs > budget) problems.push(`solution took ${result.timings.runMs.toFixed(0)} ms on seed ${seed} (budget ${budget} ms)`);
    await scanLeaks(options.grader, pkg, seed, result, "solution", problems);
  }
  const publicRun = await grade(pkg.solution, 1, "public");
  if (publicRun.score !== 1) problems.push(`solution scores ${publicRun.score} on the public cases`);
  if (publicRun.tests.length === 0) problems.push("there are no public cases");

  // Starter: must not already pass.
  const starter = await grade(pkg.starter, 1);
  if (starter.score >= 1) problems.push("the starter scores 1");
  await scanLeaks(options.grader, pkg, 1, starter, "starter", problems);

  // Properties that name a mistake must not hold for right answers (a student would be told of a
  // mistake they did not make). Ten seeds: each asks the sandbox to run the solution again.
  for (let seed = 1; seed <= Math.min(seeds, REFERENCE_DIAGNOSIS_SEEDS); seed++) {
    const named = await inspectValue(options.grader, pkg, { fn: "reference-diagnoses", seed }, z.array(z.object({ name: z.string(), ids: z.array(z.string()) })));
    for (const c of named.filter((n) => n.ids.length > 0)) problems.push(`diagnose() names ${c.ids.join(", ")} on the reference solution's output (seed ${seed}, ${c.name})`);
  }

  // Every known mistake is recognised as itself (so no two mistakes look alike) and fails.
  const labelled = new Set((pkg.meta.samples ?? []).map((s) => s.diagnosis ?? null));
  for (const mistake of pkg.mistakes) {
    if (mistake.source === null) {
      if (!labelled.has(mistake.id)) problems.push(`mistake ${mistake.id} has no file and no sample labelled with it: nothing proves diagnose() finds it`);
      continue;
    }
    for (const seed of sampleSeeds) {
      const result = await grade(mistake.source, seed);
      if (result.score >= 1) problems.push(`mistake ${mistake.id} scores 1 on seed ${seed}: the hidden tests do not catch it`);
      if (result.diagnosis?.id !== mistake.id) {
        problems.push(`mistake ${mistake.id} is diagnosed as ${result.diagnosis?.id ?? "nothing"} on seed ${seed}`);
      }
      await scanLeaks(options.grader, pkg, seed, result, `mistake ${mistake.id}`, problems);
    }
  }

  // Samples: the labelled score, diagnosis and gradability, on every sample seed.
  const samples = pkg.meta.samples ?? [];
  const coverage = diagnosisCoverage(samples);
  if (coverage.wrong < MIN_WRONG_SAMPLES) problems.push(`only ${coverage.wrong} realistic wrong samples in samples/ (want at least ${MIN_WRONG_SAMPLES})`);
  else if (coverage.diagnosed < MIN_DIAGNOSIS_COVERAGE * coverage.wrong) {
    problems.push(`diagnosis coverage ${coverage.diagnosed}/${coverage.wrong} is below ${MIN_DIAGNOSIS_COVERAGE * 100} %`);
  }
  if (!samples.some((s) => scoreBounds(s)[0] === 1)) problems.push("no sample scores 1");
  if (!samples.some((s) => s.gradable === false)) problems.push("no sample is ungradable (a syntax error)");
  for (const sample of samples) {
    const code = pkg.files[sample.file] ?? "";
    for (const seed of sampleSeeds) {
      const result = await grade(code, seed);
      const where = `sample ${sample.file} (seed ${seed})`;
      // A timeout does not depend on the numbers; one seed proves it (and each costs the full budget).
      const timedOut = result.error?.kind === "timeout";
      const wantGradable = sample.gradable ?? true;
      const wantDiagnosis = sample.diagnosis ?? null;
      const [min, max] = scoreBounds(sample);
      if (result.score < min - SCORE_EPS || result.score > max + SCORE_EPS) problems.push(`${where} scores ${result.score}, labelled ${min === max ? min : `${min} to ${max}`}`);
      if (result.gradable !== wantGradable) problems.push(`${where} is ${result.gradable ? "" : "not "}gradable, labelled ${wantGradable ? "" : "not "}gradable`);
      if ((result.diagnosis?.id ?? null) !== wantDiagnosis) problems.push(`${where} is diagnosed as ${result.diagnosis?.id ?? "nothing"}, labelled ${wantDiagnosis ?? "nothing"}`);
      // A hostile sample may use the whole budget; the grader must still stop it close to the limit
      // (runMs: time in the sandbox, not time spent queueing for a free isolate). A timeout is a
      // verdict on CPU time (decision 053), which the exclusive lane enforced itself; its wall time
      // only says how busy the machine was, so it is not held against the budget.
      if (!timedOut && result.timings.runMs > budget + 1500) problems.push(`${where} ran ${result.timings.runMs.toFixed(0)} ms in the sandbox (budget ${budget} ms)`);
      await scanLeaks(options.grader, pkg, seed, result, where, problems);
      if (timedOut) break;
    }
  }
  return maxGradeMs;
}

/** Numbers anywhere in a JSON-like value. */
function collectNumbers(v: unknown, out: number[]): number[] {
  if (typeof v === "number") out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => collectNumbers(x, out));
  else if (v !== null && typeof v === "object") Object.values(v).forEach((x) => collectNumbers(x, out));
  return out;
}

/** The ways a number tends to get printed: String, toFixed, toPrecision, toExponential. */
export function numberForms(v: number): string[] {
  if (!Number.isFinite(v)) return [];
  const forms = new Set<string>([String(v)]);
  const trim = (s: string): string => (s.includes("e") ? s : s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s);
  for (let d = 1; d <= 8; d++) forms.add(trim(v.toFixed(d)));
  for (let p = 2; p <= 10; p++) forms.add(trim(v.toPrecision(p)));
  for (let p = 1; p <= 4; p++) forms.add(v.toExponential(p));
  // A form that rounds to a short integer (e.g. "3" for 2.9999) says nothing; keep only informative ones.
  return [...forms].filter((f) => f !== "-0" && !/^-?\d{1,2}$/.test(f));
}

/** Trivial numbers (small integers) appear in any text ("case 3") and are not scanned. */
const isTrivial = (v: number): boolean => Number.isInteger(v) && Math.abs(v) <= 20;

/** Finds printed forms of `values` in `text` as whole numbers (not inside a longer number). */
export function findLeaks(text: string, values: number[]): string[] {
  // Tokenize once (a regex per form and value is far too slow for thousands of expected numbers).
  const tokens = new Set<string>();
  for (const m of text.matchAll(/-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/gi)) {
    tokens.add(m[0]);
    if (m[0].startsWith("-")) tokens.add(m[0].slice(1));
  }
  const found = new Set<string>();
  for (const v of values) {
    if (isTrivial(v)) continue;
    for (const form of numberForms(v)) if (tokens.has(form)) found.add(form);
  }
  return [...found];
}

/** Everything of a hidden-mode result that a student can see, in every language. */
function visibleText(result: GradeResult): string {
  return [
    ...result.tests.flatMap((t) => [t.name, t.message, t.expected ?? "", t.actual ?? ""]),
    result.diagnosis?.message ?? "",
    result.error?.message ?? "",
    result.stdout,
    ...Object.values(result.l10n ?? {}).flatMap((l) => [...l.tests.flatMap((t) => [t.name, t.message, t.actual ?? ""]), l.diagnosis ?? "", l.error ?? ""]),
  ].join("\n");
}

/** A seed's hidden cases with their expected outputs (as the package's isolate computed them). */
function hiddenCases(grader: CheckGrader, pkg: CodePackage, seed: number): Promise<z.infer<typeof casesAnswerSchema>> {
  return inspectValue(grader, pkg, { fn: "cases", seed, mode: "hidden" }, casesAnswerSchema);
}

/** The hidden expected numbers of (package, seed), computed once per check run. */
const expectedNumbers = new Map<string, Promise<number[]>>();

function hiddenExpectedNumbers(grader: CheckGrader, pkg: CodePackage, seed: number): Promise<number[]> {
  const key = `${pkg.hash}:${seed}`;
  let numbers = expectedNumbers.get(key);
  if (numbers === undefined) {
    numbers = hiddenCases(grader, pkg, seed).then((c) => c.expected.flatMap((e) => collectNumbers(decodeValue(e), [])));
    numbers.catch(() => expectedNumbers.delete(key));
    expectedNumbers.set(key, numbers);
  }
  return numbers;
}

async function scanLeaks(grader: CheckGrader, pkg: CodePackage, seed: number, result: GradeResult, who: string, problems: string[]): Promise<void> {
  if (result.tests.some((t) => t.expected !== undefined || t.actual !== undefined)) {
    problems.push(`${who}: a hidden-mode result carries expected/actual strings`);
  }
  const expected = await hiddenExpectedNumbers(grader, pkg, seed);
  // The student's own prints may repeat numbers the student computed; only the grader's text counts.
  const text = visibleText({ ...result, stdout: "" });
  const leaks = findLeaks(text, expected);
  if (leaks.length > 0) problems.push(`${who}: hidden expected value(s) ${leaks.slice(0, 3).join(", ")} appear in a student-visible message (seed ${seed})`);
}

// ---------------------------------------------------------------- quiz items

/** The engine's answer as a student would submit it. */
export function submittedAnswer(answer: QuizAnswer): unknown {
  switch (answer.kind) {
    case "numeric":
    case "graph":
      return { values: answer.values };
    case "choice":
      return { selected: answer.selected };
    case "order":
      return { order: answer.order };
  }
}

/** A plausible wrong answer: every number off by 1 %, one option toggled, the order reversed. */
export function wrongAnswer(answer: QuizAnswer, optionIds: string[], multiple: boolean): unknown {
  switch (answer.kind) {
    case "numeric":
    case "graph":
      return { values: Object.fromEntries(Object.entries(answer.values).map(([k, v]) => [k, v === 0 ? 0.5 : v * 1.01])) };
    case "choice": {
      const other = optionIds.find((id) => !answer.selected.includes(id)) ?? "";
      return { selected: multiple ? [...answer.selected, other] : [other] };
    }
    case "order":
      return { order: answer.order.slice().reverse() };
  }
}

/** Numbers the student is given (vars, graph inputs): an answer equal to one of them is not a leak. */
function givenNumbers(presentation: QuizPresentation): number[] {
  const given = Object.values(presentation.vars).flatMap((v) => (typeof v === "number" ? [v] : Number.isFinite(Number(v)) ? [Number(v)] : []));
  if (presentation.kind === "graph") for (const n of presentation.graph.nodes) if (n.value !== undefined) given.push(n.value);
  return given;
}

const renderedSchema = z.object({ prompt: z.string(), presentation: quizPresentationSchema, hints: z.record(z.string(), z.string()), fallback: z.boolean() });
const quizInspectionSchema = quizVariantSchema.extend({ prompt: z.string(), locales: z.record(z.string(), renderedSchema) });

/**
 * Blanks whose answer the browser's figure draws anyway (graph-display.ts): a value blank among the
 * values drawn, a gradient blank among the gradients drawn (say, the gradient of a constant that
 * feeds the same node). A gradient equal to a drawn forward value is the multiplication rule at
 * work, not a leak.
 */
function drawnAnswers(presentation: Extract<QuizPresentation, { kind: "graph" }>, answers: Record<string, number>, given: number[]): string[] {
  const student = presentationForStudent(presentation);
  if (student.kind !== "graph") return [];
  const same = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
  return presentation.blanks.flatMap((b) => {
    const answer = answers[b.id];
    if (answer === undefined || given.some((g) => same(g, answer))) return [];
    const drawn = Object.values(b.field === "value" ? student.graph.values : student.graph.grads);
    return drawn.some((v) => same(v, answer)) ? [b.id] : [];
  });
}

async function checkQuiz(pkg: QuizPackage, grader: CheckGrader, seeds: number, problems: string[]): Promise<number> {
  let maxGradeMs = 0;
  const distinct = new Set<string>();
  /** How many options are right, per seed (multiple-answer choice items). */
  const rightCounts = new Set<number>();
  const source = sourceOf(pkg);
  for (let seed = 1; seed <= seeds; seed++) {
    // Throws (a PackageFailure) on a placeholder without a var, or a variant of the wrong shape.
    const variant = await inspectValue(grader, pkg, { fn: "quiz", seed }, quizInspectionSchema);
    const { answer } = variant;
    const shownIn = CONTENT_LOCALES.flatMap((l) => (variant.locales[l] === undefined ? [] : [variant.locales[l]]));
    const [english] = shownIn;
    if (english === undefined) throw new PackageFailure("the grader answered no rendered variant");
    const { presentation } = english;
    // What a student waits for: one grading of an answer (variant, present and answer inside).
    const timed = async (): Promise<{ graded: GradeResult; ms: number }> => {
      const t0 = performance.now();
      const graded = await grader.grade({ pkg: source, answer: submittedAnswer(answer), seed });
      return { graded, ms: performance.now() - t0 };
    };
    let { graded, ms } = await timed();
    // Wall time on a shared machine: a slow item is slow on every try, a busy machine's pause is
    // not, so an answer over budget is timed twice more and the fastest counts.
    for (let retry = 0; retry < 2 && ms > QUIZ_BUDGET_MS; retry++) ({ graded, ms } = await timed());
    maxGradeMs = Math.max(maxGradeMs, ms);
    distinct.add(JSON.stringify(answer));

    if (presentation.kind !== pkg.kind) problems.push(`seed ${seed}: present() kind ${presentation.kind} ≠ ${pkg.kind}`);
    if (answer.kind !== pkg.kind) problems.push(`seed ${seed}: answer() kind ${answer.kind} ≠ ${pkg.kind}`);
    if (graded.score !== 1) {
      const failed = graded.tests.filter((t) => !t.passed).map((t) => t.name);
      problems.push(`seed ${seed}: the engine's own answer scores ${graded.score}${graded.error ? ` (${graded.error.message})` : ""} ${failed.join(", ")}`);
    }
    if (ms > QUIZ_BUDGET_MS) problems.push(`seed ${seed}: grading one answer took ${ms.toFixed(0)} ms (budget ${QUIZ_BUDGET_MS} ms)`);

    const ids =
      presentation.kind === "choice" ? presentation.options.map((o) => o.id) : presentation.kind === "order" ? presentation.items.map((i) => i.id) : [];
    const wrong = await grader.grade({ pkg: source, answer: wrongAnswer(answer, ids, presentation.kind === "choice" && presentation.multiple), seed });
    if (wrong.score >= 1) problems.push(`seed ${seed}: a wrong answer scores 1`);

    if (presentation.kind === "choice" && presentation.multiple && answer.kind === "choice") rightCounts.add(answer.selected.length);
    if (answer.kind === "numeric" || answer.kind === "graph") {
      const values = Object.values(answer.values);
      if (values.some((v) => !Number.isFinite(v))) problems.push(`seed ${seed}: an answer is not finite`);
      const given = givenNumbers(presentation);
      const secret = values.filter((v) => !given.some((g) => Math.abs(g - v) <= 1e-9 * Math.max(1, Math.abs(v))));
      // What each language's student sees: the prompt, the presentation and the hints' texts.
      const shown = [...new Set(shownIn.flatMap((r) => findLeaks(`${r.prompt}\n${JSON.stringify(r.presentation)}`, secret)))];
      if (presentation.kind === "graph" && answer.kind === "graph") {
        const drawn = drawnAnswers(presentation, answer.values, given);
        if (drawn.length > 0) problems.push(`seed ${seed}: the figure draws the answer of blank(s) ${drawn.join(", ")}`);
      }
      if (shown.length > 0) problems.push(`seed ${seed}: answer value(s) ${shown.slice(0, 3).join(", ")} appear in the presentation`);
      // The feedback on a wrong answer (messages, hints) must not give the answer away either.
      const told = findLeaks(visibleText(wrong), secret);
      if (told.length > 0) problems.push(`seed ${seed}: answer value(s) ${told.slice(0, 3).join(", ")} appear in the feedback on a wrong answer`);
    }
  }
  if (seeds >= 5 && distinct.size < 2) problems.push(`every seed gets the same answer: the variant is not randomized`);
  const [count] = rightCounts;
  if (seeds >= 5 && rightCounts.size === 1 && count !== undefined) {
    problems.push(`every seed has exactly ${count} right option(s): the item can be answered by counting`);
  }
  return maxGradeMs;
}

// ---------------------------------------------------------------- the course

export interface CourseProblemsOptions {
  /** Slugs that must exist (the curriculum's items). */
  requiredSlugs?: readonly string[];
}

/** Course-level checks: unique contiguous order 1..N, required items present, unlocks point backwards. */
/** What the course-level checks read of a package. */
export interface CourseEntry {
  slug: string;
  meta: { order: number; unlockAfter?: string };
}

export function courseProblems(packages: CourseEntry[], options: CourseProblemsOptions = {}): string[] {
  const problems: string[] = [];
  const orders = packages.map((p) => p.meta.order).sort((a, b) => a - b);
  if (orders.some((o, i) => o !== i + 1)) problems.push(`course orders must be 1..${packages.length} without gaps or repeats, got ${orders.join(", ")}`);
  const bySlug = new Map(packages.map((p) => [p.slug, p]));
  for (const slug of options.requiredSlugs ?? []) if (!bySlug.has(slug)) problems.push(`missing required item ${slug}`);
  for (const p of packages) {
    const after = p.meta.unlockAfter;
    const target = after === undefined ? undefined : bySlug.get(after);
    if (target !== undefined && target.meta.order >= p.meta.order) problems.push(`${p.slug} unlocks after ${after}, which comes later in the course`);
  }
  return [...new Set(problems)];
}

// ---------------------------------------------------------------- one run over the whole course
// Shared by scripts/exercises-check.ts and tests/exercises/exercises-check.test.ts, so both
// prove exactly the same things.

/** The curriculum's items (docs: curriculum.md), in course order. */
export const COURSE_SLUGS = [
  "central-difference",
  "numerical-gradient",
  "gradient-check",
  "backprop-order",
  "numerical-gradient-cost",
  "apple-forward-graph",
  "chain-rule-graph",
  "branch-node-graph",
  "forward-vs-reverse",
  "node-rules",
  "mul-layer",
  "add-layer",
  "predict-dapple",
  "apple-partials",
  "buy-apple",
  "apple-orange-backward-graph",
  "buy-apple-orange",
  "div-layer",
  "relu",
  "sigmoid-graph",
  "sigmoid",
  "sigmoid-max-gradient",
  "affine-shapes",
  "affine",
  "softmax-with-loss",
  "debugging-lab",
  "two-layer-net",
  "gradient-check-diagnosis",
  "value-autograd",
  "train-two-layer-net",
] as const;

export interface CourseCheck {
  reports: PackageReport[];
  courseProblems: string[];
  ok: boolean;
  ms: number;
}

export interface CourseCheckOptions {
  grader: CheckGrader;
  root?: string;
  seeds?: number;
  /** Only these slugs (course-level checks are skipped when filtering). */
  only?: string[];
  onReport?: (report: PackageReport) => void;
  /** Packages checked at once; default 3. */
  concurrency?: number;
}

export async function checkCourse(options: CourseCheckOptions): Promise<CourseCheck> {
  const started = performance.now();
  const all = await loadCourse("exercises", { root: options.root });
  const filtered = options.only && options.only.length > 0 ? all.filter((p) => options.only?.includes(p.slug)) : all;
  const problems = filtered === all ? courseProblems(all, { requiredSlugs: COURSE_SLUGS }) : [];
  // A few packages at a time keep the grader's isolates busy while one waits out a timeout.
  const reports: PackageReport[] = new Array<PackageReport>(filtered.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < filtered.length; i = next++) {
      const pkg = filtered[i];
      if (pkg === undefined) continue;
      reports[i] = await checkPackage(pkg, { grader: options.grader, seeds: options.seeds });
      // Report in course order: flush every finished report that has no unfinished one before it.
      while (reported < filtered.length && reports[reported] !== undefined) options.onReport?.(reports[reported++] as PackageReport);
    }
  };
  let reported = 0;
  await Promise.all(Array.from({ length: options.concurrency ?? 3 }, worker));
  return { reports, courseProblems: problems, ok: problems.length === 0 && reports.every((r) => r.ok), ms: performance.now() - started };
}

/** "9/10 diagnosed (90 %)". */
export function formatCoverage(c: DiagnosisCoverage): string {
  return `${c.diagnosed}/${c.wrong} diagnosed (${c.wrong === 0 ? "-" : Math.round((100 * c.diagnosed) / c.wrong)} %)`;
}

/** The course's diagnosis coverage: every code item's realistic wrong samples together. */
export function courseCoverage(reports: readonly PackageReport[]): DiagnosisCoverage {
  return reports.reduce((sum, r) => ({ diagnosed: sum.diagnosed + (r.coverage?.diagnosed ?? 0), wrong: sum.wrong + (r.coverage?.wrong ?? 0) }), { diagnosed: 0, wrong: 0 });
}

/** One line per item: slug, kind, seeds, result, time, and for code items the diagnosis coverage. */
export function formatReport(r: PackageReport): string {
  const result = r.ok ? "ok" : `FAIL (${r.problems.length})`;
  const coverage = r.coverage === null ? "" : `  coverage ${formatCoverage(r.coverage)}`;
  return `${r.slug.padEnd(28)} ${r.kind.padEnd(8)} seeds=${String(r.seeds).padEnd(3)} ${result.padEnd(10)} ${r.ms.toFixed(0).padStart(6)} ms  (slowest grade ${r.maxGradeMs.toFixed(1)} ms)${coverage}`;
}
