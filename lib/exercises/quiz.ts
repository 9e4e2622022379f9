import { z } from "zod";
import { Graph, type GraphOp } from "@/lib/engine";
import { ungradableResult, type GradeResult, type TestResult } from "@/lib/grading/contract";
import { msgSchema, textSchema, type Localizer, type Msg, type Text } from "./i18n";
import { localizerFor } from "./platform-messages";
import type { QuizAnswer, QuizPresentation, QuizPresentationOf, SuiteQuizPresentation } from "./suite-types";
import { cleanNumber } from "./number-display";
import { closeTo } from "./tolerance";

// Quiz items as data. A quiz's suite (package code) runs only in the grader's isolate; what comes
// out of it for one seed, a QuizVariant (what the student sees, the engine's answer, the hints),
// is validated here and judged here. The student's answer is data too (zod validated). Messages
// say which field is wrong, never the expected value.

export const DEFAULT_QUIZ_RTOL = 1e-4;

const graphOps = ["input", "const", "add", "mul", "sub", "div", "neg", "square", "pow", "exp", "log", "relu", "sigmoid", "tanh"] as const satisfies readonly GraphOp[];

const idSchema = z.string().min(1).max(200);
const labelSchema = z.string().max(2000);
const varsSchema = z.record(z.string(), z.union([z.string().max(2000), z.number()]));
// What a suite's present() returns: labels and vars may be messages (rendered per language).
const suiteVarsSchema = z.record(z.string(), z.union([z.string().max(2000), z.number(), msgSchema]));

export const graphSpecSchema = z.object({
  nodes: z
    .array(
      z.object({
        id: idSchema,
        op: z.enum(graphOps),
        inputs: z.array(idSchema).max(8),
        value: z.number().optional(),
        exponent: z.number().optional(),
        label: z.string().max(100).optional(),
        col: z.number().int().min(0).max(50).optional(),
        row: z.number().int().min(0).max(50).optional(),
      }),
    )
    .min(1)
    .max(200),
  output: idSchema,
});

function presentationSchemaOf<L extends z.ZodType, V extends z.ZodType>(label: L, vars: V) {
  const field = z.object({ id: idSchema, label });
  return z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("numeric"), vars, fields: z.array(field).min(1).max(100) }),
    z.object({ kind: z.literal("choice"), vars, options: z.array(field).min(2).max(100), multiple: z.boolean() }),
    z.object({ kind: z.literal("order"), vars, items: z.array(field).min(2).max(100) }),
    z.object({
      kind: z.literal("graph"),
      vars,
      graph: graphSpecSchema,
      blanks: z.array(z.object({ id: idSchema, node: idSchema, field: z.enum(["value", "grad"]), label })).min(1).max(100),
    }),
  ]);
}

/** A presentation as a student gets it: every text rendered in their language. */
export const quizPresentationSchema = presentationSchemaOf(labelSchema, varsSchema) satisfies z.ZodType<QuizPresentation>;
/** A presentation as the suite's present() returned it: texts may be messages. */
export const suiteQuizPresentationSchema = presentationSchemaOf(textSchema, suiteVarsSchema) satisfies z.ZodType<SuiteQuizPresentation>;

export const quizAnswerSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("numeric"), values: z.record(z.string(), z.number()) }),
  z.object({ kind: z.literal("choice"), selected: z.array(z.string()) }),
  z.object({ kind: z.literal("order"), order: z.array(z.string()) }),
  z.object({ kind: z.literal("graph"), values: z.record(z.string(), z.number()) }),
]) satisfies z.ZodType<QuizAnswer>;

/** One seed's quiz as the package computed it (texts may be messages). The answer never leaves the server. */
export const quizVariantSchema = z.object({
  presentation: suiteQuizPresentationSchema,
  answer: quizAnswerSchema,
  hints: z.record(z.string(), textSchema),
});
export type QuizVariant = z.infer<typeof quizVariantSchema>;

/** A variant with every text rendered in one language: what grading and the student's page use. */
export interface RenderedQuizVariant {
  presentation: QuizPresentation;
  answer: QuizAnswer;
  hints: Record<string, string>;
}

/** Renders a variant's labels, vars and hints in the localizer's language. */
export function renderQuizVariant(variant: QuizVariant, l: Localizer): RenderedQuizVariant {
  const p = variant.presentation;
  const fields = <T extends { label: Text }>(list: T[]): (Omit<T, "label"> & { label: string })[] => list.map((f) => ({ ...f, label: l.text(f.label) }));
  const vars = Object.fromEntries(Object.entries(p.vars).map(([k, v]) => [k, typeof v === "object" ? l.text(v) : v]));
  let presentation: QuizPresentationOf<string, string | number>;
  switch (p.kind) {
    case "numeric":
      presentation = { kind: "numeric", vars, fields: fields(p.fields) };
      break;
    case "choice":
      presentation = { kind: "choice", vars, options: fields(p.options), multiple: p.multiple };
      break;
    case "order":
      presentation = { kind: "order", vars, items: fields(p.items) };
      break;
    case "graph":
      presentation = { kind: "graph", vars, graph: p.graph, blanks: fields(p.blanks) };
      break;
  }
  const hints = Object.fromEntries(Object.entries(variant.hints).map(([k, v]) => [k, l.text(v)]));
  return { presentation, answer: variant.answer, hints };
}

/**
 * The package's variant, checked for consistency: answer and presentation of the same kind, an
 * answer value for every field or blank, a graph the engine can evaluate. Throws naming the
 * problem (an authoring error: the student is never charged for it).
 */
export function checkQuizVariant(variant: QuizVariant, label: string): QuizVariant {
  const { presentation: p, answer: a } = variant;
  const where = `${label}/suite.ts`;
  if (a.kind !== p.kind) throw new Error(`${where}: answer() kind ${a.kind} does not match present() kind ${p.kind}`);
  if (p.kind === "numeric" && a.kind === "numeric") {
    for (const f of p.fields) if (a.values[f.id] === undefined) throw new Error(`${where}: answer() has no value for field "${f.id}"`);
  }
  if (p.kind === "graph" && a.kind === "graph") {
    try {
      new Graph(p.graph);
    } catch (e) {
      throw new Error(`${where}: present() graph: ${e instanceof Error ? e.message : String(e)}`);
    }
    const nodes = new Set(p.graph.nodes.map((n) => n.id));
    for (const b of p.blanks) {
      if (!nodes.has(b.node)) throw new Error(`${where}: present() blank "${b.id}" names unknown node "${b.node}"`);
      if (a.values[b.id] === undefined) throw new Error(`${where}: answer() has no value for blank "${b.id}"`);
    }
  }
  return variant;
}

/** Fills `{{name}}` from vars; an unknown placeholder is an authoring error, so it throws. */
export function fillPlaceholders(text: string, vars: Record<string, string | number>, label: string): string {
  return text.replace(/\{\{\s*([A-Za-z_][\w]*)\s*\}\}/g, (_m, name: string) => {
    if (!Object.hasOwn(vars, name)) throw new Error(`${label}/prompt.md: placeholder {{${name}}} has no value in present().vars`);
    const value = vars[name];
    // A given number is shown without float noise (0.1 + 0.2 reads 0.3); 12 digits keep every meaningful one.
    return typeof value === "number" ? cleanNumber(value) : String(value);
  });
}

/** A field value: a finite number, or a string that parses as one ("2.2", " -1e3 "). */
// The issues' messages here are keys of describeAnswerError's problems, not English.
const numberLike = z.union([z.number(), z.string().trim().min(1, "empty")], { error: "not-number" }).transform((v, ctx) => {
  const n = typeof v === "number" ? v : Number(v);
  if (!Number.isFinite(n)) {
    ctx.addIssue({ code: "custom", message: "not-finite" });
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
 * Grades a student's answer against a variant. Malformed answers (wrong type, unknown option, not
 * a permutation, missing field, non-finite number) are not gradable: they cost no attempt and say
 * what is wrong with the input.
 */
export function gradeQuizAnswer(variant: RenderedQuizVariant, answer: unknown, rtol = DEFAULT_QUIZ_RTOL, l: Localizer = localizerFor("en")): GradeResult {
  const started = performance.now();
  const { presentation, answer: correct, hints } = variant;
  const hint = (fieldId: string): string => {
    const h = hints[fieldId];
    return h ? ` ${h}` : "";
  };
  const t = (key: string, params?: Msg["params"]): string => l.text({ key: `grader.quiz.${key}`, params });
  const notCorrect = (label: string, fieldId: string): string => t("not-correct", { label }) + hint(fieldId);
  const describe = (error: z.ZodError, shape: string): string => describeAnswerError(error, t(`shape-${shape}`), l);

  switch (presentation.kind) {
    case "numeric": {
      const parsed = answerSchemas.numeric.safeParse(answer);
      if (!parsed.success) return ungradableResult("input", describe(parsed.error, "values"));
      const expected = correct.kind === "numeric" ? correct.values : {};
      const tests: TestResult[] = [];
      for (const field of presentation.fields) {
        const got = parsed.data.values[field.id];
        if (got === undefined) return ungradableResult("input", t("missing-field", { id: field.id, label: field.label }));
        const ok = closeTo(got, expected[field.id] ?? NaN, rtol);
        tests.push(test(field.label, ok, ok ? t("correct") : notCorrect(field.label, field.id)));
      }
      const unknown = Object.keys(parsed.data.values).filter((k) => !presentation.fields.some((f) => f.id === k));
      if (unknown.length > 0) return ungradableResult("input", t("unknown-fields", { ids: unknown.join(", ") }));
      return { ...summarize(tests, started), rtol };
    }
    case "choice": {
      const parsed = answerSchemas.choice.safeParse(answer);
      if (!parsed.success) return ungradableResult("input", describe(parsed.error, "selected"));
      const ids = new Set(presentation.options.map((o) => o.id));
      const selected = parsed.data.selected;
      const unknown = selected.filter((s) => !ids.has(s));
      if (unknown.length > 0) return ungradableResult("input", t("unknown-options", { ids: unknown.join(", ") }));
      if (new Set(selected).size !== selected.length) return ungradableResult("input", t("selected-twice"));
      if (!presentation.multiple && selected.length !== 1) return ungradableResult("input", t("select-one"));
      const want = new Set(correct.kind === "choice" ? correct.selected : []);
      const ok = selected.length === want.size && selected.every((s) => want.has(s));
      return summarize([test(t("answer"), ok, ok ? t("correct") : t("selection-not-correct") + hint("answer"))], started);
    }
    case "order": {
      const parsed = answerSchemas.order.safeParse(answer);
      if (!parsed.success) return ungradableResult("input", describe(parsed.error, "order"));
      const ids = presentation.items.map((i) => i.id);
      const given = parsed.data.order;
      const isPermutation = given.length === ids.length && new Set(given).size === given.length && given.every((g) => ids.includes(g));
      if (!isPermutation) return ungradableResult("input", t("not-permutation", { count: ids.length }));
      const want = correct.kind === "order" ? correct.order : [];
      const ok = given.every((g, i) => g === want[i]);
      return summarize([test(t("order"), ok, ok ? t("correct") : t("order-not-correct") + hint("order"))], started);
    }
    case "graph": {
      const parsed = answerSchemas.graph.safeParse(answer);
      if (!parsed.success) return ungradableResult("input", describe(parsed.error, "blanks"));
      const values = parsed.data.values;
      for (const blank of presentation.blanks) {
        if (values[blank.id] === undefined) return ungradableResult("input", t("missing-blank", { id: blank.id, label: blank.label }));
      }
      const unknown = Object.keys(values).filter((k) => !presentation.blanks.some((b) => b.id === k));
      if (unknown.length > 0) return ungradableResult("input", t("unknown-blanks", { ids: unknown.join(", ") }));
      return { ...summarize(judgeGraph(presentation, values, rtol, (ok, blank) => (ok ? t("correct") : notCorrect(blank.label, blank.id))), started), rtol };
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
  verdict: (ok: boolean, blank: { id: string; label: string }) => string,
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
    return test(blank.label, ok, verdict(ok, blank));
  });
}

/** Problems of an answer's JSON in the student's words (zod's own wording is English only). */
const PROBLEMS = new Set(["empty", "not-finite", "not-number"]);
const EXPECTED_TYPES = new Set(["number", "string", "array", "object", "record"]);

function problemKey(issue: z.core.$ZodIssue): string {
  if (PROBLEMS.has(issue.message)) return issue.message;
  if (issue.code === "invalid_union") return "not-number";
  if (issue.code === "invalid_type" && EXPECTED_TYPES.has(issue.expected)) return `expected-${issue.expected === "record" ? "object" : issue.expected}`;
  return "invalid";
}

function describeAnswerError(error: z.ZodError, shape: string, l: Localizer): string {
  const first = error.issues[0];
  if (first === undefined) return l.text({ key: "grader.quiz.must-be", params: { shape } });
  const where = first.path.length > 0 ? first.path.map(String).join(".") : l.text({ key: "grader.quiz.answer" });
  return l.text({ key: "grader.quiz.bad-answer", params: { where, problem: { key: `grader.quiz.problem.${problemKey(first)}` }, shape } });
}

