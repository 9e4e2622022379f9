import { randomInt } from "node:crypto";
import os from "node:os";
import { CONTENT_LOCALES, SOURCE_LOCALE, type ContentLocale, type Msg } from "@/lib/exercises/i18n";
import { loadPackageFromFiles, type ExercisePackage } from "@/lib/exercises/loader";
import { localizerFor } from "@/lib/exercises/platform-messages";
import { presentIn } from "@/lib/exercises/present";
import { gradeQuizAnswer, renderQuizVariant, DEFAULT_QUIZ_RTOL, type QuizVariant } from "@/lib/exercises/quiz";
import type { GradeResult } from "./contract";
import { mergeLocalized, renderResult, ungradableDraft, type Say } from "./localize-result";
import { gradeCode, OverBudget, prepareCases, referenceDiagnoses } from "./grade-code";
import { PackageError, PackageRuntime, type SuiteHandle } from "./package-runtime";
import { HEARTBEAT_MS, packageFailure, toChildSchema, type FromChild, type WireJob, type WirePackage } from "./protocol";
import { IsolatePool } from "./sandbox";

// Entry of a grader child process (bundled to .cache/grader/grader.cjs, started by client.ts as
// `node --no-node-snapshot grader.cjs` with a minimal environment and an empty working directory
// outside the repository: it holds no secrets and reads no project files). It owns the isolates:
// the submissions' pool and one isolate per exercise package (package-runtime.ts). Receives jobs
// over IPC, answers one message per job id. Packages arrive as data (their files), by hash.

// The slow lane's child runs below normal priority (client.ts). Set before any isolate exists:
// the threads that will run isolates inherit it from this thread when they are created.
const nice = Number(process.env.CHAINRULE_GRADER_NICE ?? "0");
if (Number.isInteger(nice) && nice > 0) os.setPriority(Math.min(19, nice));

const startedAt = performance.now();
// The exclusive lane: one isolate, one job at a time, time limits in CPU time (sandbox.ts).
const exclusive = process.env.CHAINRULE_GRADER_EXCLUSIVE === "1";
const poolSize = exclusive ? 1 : Number(process.env.CHAINRULE_POOL_SIZE ?? "2");
let retiring = false;
const pool = new IsolatePool(Number.isInteger(poolSize) && poolSize > 0 ? poolSize : 2, {
  cpuAccounting: exclusive,
  onStuck: () => {
    if (retiring) return;
    retiring = true;
    send({ type: "retiring", reason: "an isolate thread is stuck" });
    // The stuck job is answered first (see the message handler); this is the backstop.
    setTimeout(() => process.kill(process.pid, "SIGKILL"), 5000).unref();
  },
});
const runtime = new PackageRuntime();

interface Loaded {
  pkg: ExercisePackage;
  suite: SuiteHandle;
}

/** Packages this process holds, by content hash (a failed load is not kept). */
const packages = new Map<string, Promise<Loaded>>();
const MAX_PACKAGES = 200;

class NeedPackage extends Error {}

function loadPackage(ref: WirePackage): Promise<Loaded> {
  const known = packages.get(ref.hash);
  if (known !== undefined) return known;
  const files = ref.files;
  if (files === undefined) throw new NeedPackage();
  const pending = (async () => {
    const pkg = loadPackageFromFiles(ref.slug, files, { label: ref.label });
    // Keyed by the content itself, whatever hash the job named.
    if (pkg.hash !== ref.hash) throw new Error(`${ref.label}: the files do not match their hash`);
    return { pkg, suite: await runtime.load(pkg) };
  })();
  pending.catch(() => {
    if (packages.get(ref.hash) === pending) packages.delete(ref.hash);
  });
  packages.set(ref.hash, pending);
  if (packages.size > MAX_PACKAGES) packages.delete(packages.keys().next().value ?? "");
  return pending;
}

const failureText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** An ungradable result with its reason in every language (the package's catalog, if it loaded). */
const ungradable = (kind: Parameters<typeof ungradableDraft>[0], message: Say, pkg?: ExercisePackage): GradeResult =>
  renderResult(ungradableDraft(kind, message), pkg?.meta.messages);

/** Grades a quiz answer in every language (cheap: data only) and keeps them together. */
function gradeQuizLocalized(pkg: ExercisePackage, variant: QuizVariant, answer: unknown, rtol: number): GradeResult {
  const byLocale = Object.fromEntries(
    CONTENT_LOCALES.map((locale) => {
      const l = localizerFor(locale, pkg.meta.messages);
      const result = gradeQuizAnswer(renderQuizVariant(variant, l), answer, rtol, l);
      return [locale, { result, fallback: l.fallback }];
    }),
  ) as Record<ContentLocale, { result: GradeResult; fallback: boolean }>;
  return mergeLocalized(byLocale);
}

async function gradeJob(job: Extract<WireJob, { type: "code" | "quiz" }>, loaded: Loaded): Promise<GradeResult> {
  const { pkg, suite } = loaded;
  try {
    if (job.type === "quiz") {
      if (pkg.kind === "code") return ungradable("input", { key: "grader.quiz.code-item", params: { slug: pkg.slug } }, pkg);
      return gradeQuizLocalized(pkg, await suite.quiz(job.seed), job.answer, suite.descriptor?.rtol ?? DEFAULT_QUIZ_RTOL);
    }
    if (pkg.kind !== "code") return ungradable("input", { key: "grader.quiz.quiz-item", params: { slug: pkg.slug, kind: pkg.kind } }, pkg);
    return await gradeCode({ pkg, suite }, { code: job.code, seed: job.seed, mode: job.mode, budgetMs: job.budgetMs }, pool);
  } catch (err) {
    if (err instanceof OverBudget) throw err;
    // The package (not the student) failed for this seed: costs no attempt, names the function.
    if (err instanceof PackageError) return ungradable("sandbox", { key: "grader.suite-failed", params: { error: err.message } }, pkg);
    throw err;
  }
}

/** present and inspect: the value, or the package's failure as a message. */
async function answerJob(job: Extract<WireJob, { type: "present" | "inspect" }>, loaded: Loaded): Promise<unknown> {
  const { pkg, suite } = loaded;
  if (job.type === "present") {
    if (pkg.kind === "code") throw new Error(`${pkg.slug} is a code exercise, not a quiz`);
    const shown = presentIn(pkg, await suite.quiz(job.seed), job.locale ?? SOURCE_LOCALE);
    // The tolerance answers are judged with: the page says it, and rounds the figure's numbers to it.
    return { prompt: shown.prompt, presentation: shown.presentation, fallback: shown.fallback, rtol: suite.descriptor?.rtol ?? DEFAULT_QUIZ_RTOL };
  }
  const request = job.request;
  if (request.fn === "describe") return suite.load();
  if (request.fn === "cases") {
    if (pkg.kind !== "code") throw new Error(`${pkg.slug} is a quiz: it has no cases`);
    const cases = await prepareCases({ pkg, suite }, request.seed, request.mode);
    return { cases: cases.cases, inputs: JSON.parse(cases.inputsJson) as unknown, expected: cases.expected };
  }
  if (request.fn === "reference-diagnoses") {
    if (pkg.kind !== "code") throw new Error(`${pkg.slug} is a quiz: it has no diagnoses`);
    return referenceDiagnoses({ pkg, suite }, request.seed, pool);
  }
  if (pkg.kind === "code") throw new Error(`${pkg.slug} is a code exercise, not a quiz`);
  // The variant as the suite made it, and as each language's student sees it (checks scan them all).
  const variant = await suite.quiz(request.seed);
  const locales = Object.fromEntries(CONTENT_LOCALES.map((locale) => [locale, presentIn(pkg, variant, locale)]));
  return { ...variant, prompt: locales[SOURCE_LOCALE]?.prompt ?? "", locales };
}

/** The one answer to job `id`. */
async function runJob(id: number, job: WireJob): Promise<FromChild> {
  let loaded: Loaded;
  try {
    loaded = await loadPackage(job.pkg);
  } catch (err) {
    if (err instanceof NeedPackage) return { type: "need-package", id };
    const text: Msg = { key: "grader.package-failed", params: { error: failureText(err) } };
    if (job.type === "code" || job.type === "quiz") return { type: "result", id, result: ungradable("sandbox", text) };
    return { type: "answer", id, answer: packageFailure(text) };
  }
  if (job.type === "code" || job.type === "quiz") {
    try {
      return { type: "result", id, result: await gradeJob(job, loaded) };
    } catch (err) {
      if (err instanceof OverBudget) return { type: "over-budget", id };
      return { type: "result", id, result: ungradable("sandbox", { key: "grader.grader-error", params: { error: failureText(err) } }) };
    }
  }
  try {
    return { type: "answer", id, answer: { ok: true, value: await answerJob(job, loaded) } };
  } catch (err) {
    return { type: "answer", id, answer: packageFailure({ key: "grader.package-error", params: { error: failureText(err) } }) };
  }
}

function send(message: FromChild, done?: () => void): void {
  process.send?.(message, undefined, undefined, done);
}

/** How long a preload may spend warming packages (below), so a server start is not held up. */
const WARM_BUDGET_MS = 3_000;

/**
 * A freshly started grader is slow at first (decision 102): every package's suite, case
 * generation and checks and the sandbox's transpile and run paths are still cold, and the fast
 * lane's budget is not yet measured. Warming grades each code package's reference solution on two
 * random seeds (never a student's: seeds are derived per student, and nothing of these runs is
 * kept but V8's code and the package's budget) and draws two variants of each quiz. Package by
 * package, yielding in between, within WARM_BUDGET_MS.
 */
async function warm(list: WirePackage[], until: number): Promise<number> {
  let warmed = 0;
  for (const ref of list) {
    if (performance.now() > until) break;
    await new Promise((resolve) => setImmediate(resolve));
    const loaded = await loadPackage(ref).catch(() => null);
    if (loaded === null) continue;
    const { pkg, suite } = loaded;
    try {
      for (const seed of [randomInt(1, 2 ** 31), randomInt(1, 2 ** 31)]) {
        if (pkg.kind === "code") await gradeCode({ pkg, suite }, { code: pkg.solution, seed, mode: "hidden" }, pool);
        else await suite.quiz(seed);
      }
      warmed++;
    } catch {
      // A package that fails here fails the same way for students, with its own message.
    }
  }
  return warmed;
}

/** Loads preloaded packages one at a time, yielding in between so jobs are not held up; then warms them. */
async function preload(list: WirePackage[]): Promise<void> {
  const started = performance.now();
  const failed: string[] = [];
  for (const ref of list) {
    await new Promise((resolve) => setImmediate(resolve));
    await loadPackage(ref).catch(() => failed.push(ref.slug));
  }
  const warmed = await warm(list, started + WARM_BUDGET_MS);
  send({ type: "preloaded", packages: list.length - failed.length, failed, warmed, ms: performance.now() - started });
}

process.on("message", (raw: unknown) => {
  const parsed = toChildSchema.safeParse(raw);
  if (!parsed.success) return; // not ours; the client only sends valid messages
  const message = parsed.data;
  if (message.type === "shutdown") {
    pool.dispose();
    runtime.dispose();
    process.exit(0);
  }
  if (message.type === "preload") {
    void preload(message.packages);
    return;
  }
  void runJob(message.id, message.job).then((answer) => {
    send(answer, () => {
      // process.exit could wait forever on the stuck isolate's thread; SIGKILL cannot.
      if (retiring) process.kill(process.pid, "SIGKILL");
    });
  });
});

// The parent going away (crash, kill -9) closes the IPC channel: nobody is left to answer.
process.on("disconnect", () => {
  pool.dispose();
  process.exit(0);
});

if (!process.send) {
  process.stderr.write("grader: must be started by the grading client (IPC channel missing)\n");
  process.exit(2);
}

void pool.warm(64).then(() => {
  send({ type: "ready", pid: process.pid, startupMs: performance.now() - startedAt });
  setInterval(() => send({ type: "heartbeat" }), HEARTBEAT_MS);
});
