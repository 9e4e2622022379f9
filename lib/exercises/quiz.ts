import { z } from "zod";
import { createRng, Graph } from "@/lib/engine";
import { ungradableResult, type GradeResult, type TestResult } from "@/lib/grading/contract";
import type { QuizPackage } from "./loader";
import type { QuizAnswer, QuizPresentation } from "./suite-types";
import { closeTo } from "./tolerance";

// Quiz items are graded on the host, without the sandbox: the student's answer is data (zod
// validated here), never code. Messages say which field is wrong, never the expected value.

export const DEFAULT_QUIZ_RTOL = 1e-4;

export interface PresentedQuiz {
  /** prompt.md with {{var}} placeholders filled in from the variant. */
  prompt: string;
  presentation: QuizPresentation;
}

function variantOf(pkg: QuizPackage, seed: number): unknown {
  return pkg.suite.variant(createRng(seed));
}

/** Fills `{{name}}` from vars; an unknown placeholder is an authoring error, so it throws. */
export function fillPlaceholders(text: string, vars: Record<string, string | number>, label: string): string {
  return text.replace(/\{\{\s*([A-Za-z_][\w]*)\s*\}\}/g, (_m, name: string) => {
    if (!Object.hasOwn(vars, name)) throw new Error(`${label}/prompt.md: placeholder {{${name}}} has no value in present().vars`);
    return String(vars[name]);
  });
}

export function presentQuiz(pkg: QuizPackage, seed: number): PresentedQuiz {
  const presentation = pkg.suite.present(variantOf(pkg, seed));
  return { prompt: fillPlaceholders(pkg.prompt, presentation.vars, pkg.label), presentation };
}

/** A field value: a finite number, or a string that parses as one ("2.2", " -1e3 "). */
const numberLike = z.union([z.number(), z.string().trim().min(1, "is empty")]).transform((v, ctx) => {
  const n = typeof v === "number" ? v : Number(v);
  if (!Number.isFinite(n)) {
    ctx.addIssue({ code: "custom", message: "is not a finite number" });
    return z.NEVER;
  }
  return n;
});

const answerSchemas = {
  numeric: z.object({ values: z.record(z.string(), numberLike) }),
  graph: z.object({ values: z.record(z.string(), numberLike) }),
  choice: z.object({ selected: z.array(z.string()) }),
  order: z.object({ order: z.array(z.string()) }),
};

function summarize(tests: TestResult[], started: number): GradeResult {
  const max = tests.reduce((s, t) => s + t.maxPoints, 0);
  const got = tests.reduce((s, t) => s + t.points, 0);
  const ms = performance.now() - started;
  return {
    score: max > 0 ? Math.min(1, Math.max(0, got / max)) : 0,
    gradable: true,
    tests,
    diagnosis: null,
    stdout: "",
    timings: { transpileMs: 0, runMs: ms, totalMs: ms },
  };
}

const test = (name: string, passed: boolean, message: string): TestResult => ({
  name,
  points: passed ? 1 : 0,
  maxPoints: 1,
  passed,
  message,
});

/**
 * Grades a quiz answer for the variant drawn from `seed`. Malformed answers (wrong type, unknown
 * option, not a permutation, missing field, non-finite number) are not gradable: they cost no
 * attempt and say what is wrong with the input.
 */
export function gradeQuiz(pkg: QuizPackage, seed: number, answer: unknown): GradeResult {
  const started = performance.now();
  const params = variantOf(pkg, seed);
  const presentation = pkg.suite.present(params);
  const correct: QuizAnswer = pkg.suite.answer(params);
  const rtol = pkg.suite.rtol ?? DEFAULT_QUIZ_RTOL;
  const hint = (fieldId: string): string => {
    const h = pkg.suite.hint?.(params, fieldId);
    return h ? ` ${h}` : "";
  };

  switch (presentation.kind) {
    case "numeric": {
      if (correct.kind !== "numeric") throw new Error(`${pkg.label}/suite.ts: answer() kind ${correct.kind} does not match present() kind numeric`);
      const parsed = answerSchemas.numeric.safeParse(answer);
      if (!parsed.success) return ungradableResult("input", describe(parsed.error, 'an object { "values": { field: number } }'));
      const tests: TestResult[] = [];
      for (const field of presentation.fields) {
        const expected = correct.values[field.id];
        if (expected === undefined) throw new Error(`${pkg.label}/suite.ts: answer() has no value for field "${field.id}"`);
        const got = parsed.data.values[field.id];
        if (got === undefined) return ungradableResult("input", `Answer is missing field "${field.id}" (${field.label})`);
        const ok = closeTo(got, expected, rtol);
        tests.push(test(field.label, ok, ok ? "correct" : `${field.label} is not correct.${hint(field.id)}`));
      }
      const unknown = Object.keys(parsed.data.values).filter((k) => !presentation.fields.some((f) => f.id === k));
      if (unknown.length > 0) return ungradableResult("input", `Unknown field(s): ${unknown.join(", ")}`);
      return summarize(tests, started);
    }
    case "choice": {
      if (correct.kind !== "choice") throw new Error(`${pkg.label}/suite.ts: answer() kind ${correct.kind} does not match present() kind choice`);
      const parsed = answerSchemas.choice.safeParse(answer);
      if (!parsed.success) return ungradableResult("input", describe(parsed.error, 'an object { "selected": [option ids] }'));
      const ids = new Set(presentation.options.map((o) => o.id));
      const selected = parsed.data.selected;
      const unknown = selected.filter((s) => !ids.has(s));
      if (unknown.length > 0) return ungradableResult("input", `Unknown option id(s): ${unknown.join(", ")}`);
      if (new Set(selected).size !== selected.length) return ungradableResult("input", "An option is selected twice");
      if (!presentation.multiple && selected.length !== 1) return ungradableResult("input", "Select exactly one option");
      const want = new Set(correct.selected);
      const ok = selected.length === want.size && selected.every((s) => want.has(s));
      return summarize([test("answer", ok, ok ? "correct" : `The selection is not correct.${hint("answer")}`)], started);
    }
    case "order": {
      if (correct.kind !== "order") throw new Error(`${pkg.label}/suite.ts: answer() kind ${correct.kind} does not match present() kind order`);
      const parsed = answerSchemas.order.safeParse(answer);
      if (!parsed.success) return ungradableResult("input", describe(parsed.error, 'an object { "order": [item ids] }'));
      const ids = presentation.items.map((i) => i.id);
      const given = parsed.data.order;
      const isPermutation = given.length === ids.length && new Set(given).size === given.length && given.every((g) => ids.includes(g));
      if (!isPermutation) return ungradableResult("input", `The order must list each of the ${ids.length} items exactly once`);
      const ok = given.every((g, i) => g === correct.order[i]);
      return summarize([test("order", ok, ok ? "correct" : `The order is not correct.${hint("order")}`)], started);
    }
    case "graph": {
      if (correct.kind !== "graph") throw new Error(`${pkg.label}/suite.ts: answer() kind ${correct.kind} does not match present() kind graph`);
      const parsed = answerSchemas.graph.safeParse(answer);
      if (!parsed.success) return ungradableResult("input", describe(parsed.error, 'an object { "values": { blank: number } }'));
      const values = parsed.data.values;
      for (const blank of presentation.blanks) {
        if (values[blank.id] === undefined) return ungradableResult("input", `Answer is missing blank "${blank.id}" (${blank.label})`);
      }
      const unknown = Object.keys(values).filter((k) => !presentation.blanks.some((b) => b.id === k));
      if (unknown.length > 0) return ungradableResult("input", `Unknown blank(s): ${unknown.join(", ")}`);
      return summarize(judgeGraph(presentation, values, rtol, hint), started);
    }
  }
}

/**
 * Judges each blank given the student's other blanks, so one slip costs one box: a value blank
 * is checked against the node's op applied to the student's own upstream values (where those
 * are blanks), a grad blank against Σ over consumers of (student's grad of the consumer, where
 * it is a blank) × local gradient.
 */
function judgeGraph(
  presentation: Extract<QuizPresentation, { kind: "graph" }>,
  values: Record<string, number>,
  rtol: number,
  hint: (fieldId: string) => string,
): TestResult[] {
  const graph = new Graph(presentation.graph);
  graph.forward();
  graph.backward();
  const specs = new Map(graph.nodes().map((n) => [n.id, n]));
  const valueBlank = new Map<string, number>();
  const gradBlank = new Map<string, number>();
  for (const b of presentation.blanks) {
    const v = values[b.id];
    if (v === undefined) continue;
    (b.field === "value" ? valueBlank : gradBlank).set(b.node, v);
  }
  const valueOf = (id: string): number => valueBlank.get(id) ?? graph.value(id);
  const gradOf = (id: string): number => gradBlank.get(id) ?? graph.grad(id);

  return presentation.blanks.map((blank) => {
    const got = values[blank.id] ?? NaN;
    let expected: number;
    try {
      if (blank.field === "value") {
        const node = specs.get(blank.node);
        if (node === undefined) throw new Error(`unknown node "${blank.node}"`);
        expected = node.inputs.length === 0 ? graph.value(blank.node) : graph.evaluate(blank.node, node.inputs.map(valueOf));
      } else if (blank.node === graph.output) {
        expected = 1; // dz/dz
      } else {
        expected = 0;
        for (const consumer of graph.consumers(blank.node)) {
          const inputs = specs.get(consumer)?.inputs ?? [];
          const locals = graph.localGradients(consumer);
          inputs.forEach((input, i) => {
            if (input === blank.node) expected += gradOf(consumer) * (locals[i] ?? NaN);
          });
        }
      }
    } catch {
      // The student's upstream numbers make this op undefined (e.g. log of a negative):
      // judge against the true value instead.
      expected = blank.field === "value" ? graph.value(blank.node) : graph.grad(blank.node);
    }
    const ok = closeTo(got, expected, rtol);
    return test(blank.label, ok, ok ? "correct" : `${blank.label} is not correct.${hint(blank.id)}`);
  });
}

function describe(error: z.ZodError, shape: string): string {
  const first = error.issues[0];
  if (first === undefined) return `Answer must be ${shape}`;
  const where = first.path.length > 0 ? first.path.map(String).join(".") : "answer";
  return `${where}: ${first.message} (the answer must be ${shape})`;
}
