import { z } from "zod";

// The question form (issue 21): a numeric or choice question described as data (variables drawn
// per student, answer formulas, options) in the package file quiz-form.json, from which the
// editor writes suite.ts. The author never writes TypeScript; the package stays the repository's
// format (the generated suite is an ordinary suite, run only in the grader's sandbox like any other).
// Formulas are checked here against an allow-list (numbers, the variables, Math.*, operators), so
// what reaches the suite's source is an arithmetic expression, nothing else.

export const QUIZ_FORM_FILE = "quiz-form.json";

const RESERVED = new Set(["p", "rng", "order", "Math", "fmt"]);

const variableSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z][A-Za-z0-9]{0,19}$/, "a variable name is a letter followed by letters or digits")
    .refine((n) => !RESERVED.has(n), "this name is reserved"),
  min: z.number().int().min(-1_000_000).max(1_000_000),
  max: z.number().int().min(-1_000_000).max(1_000_000),
});

/** Whether `expr` is arithmetic over `names`: numbers, the variables, Math.*, operators and parentheses. */
export function formulaProblem(expr: string, names: readonly string[]): string | null {
  if (expr.trim() === "") return "empty formula";
  if (expr.length > 300) return "formula longer than 300 characters";
  if (!/^[\w\s+\-*/%().,<>=!&|?:]*$/.test(expr)) return "only numbers, variables, Math.*, + - * / % ( ) and comparisons";
  const rest = expr.replace(/\bMath\.[A-Za-z0-9_]+\b/g, " ").replace(/\b\d+(?:\.\d+)?(?:e[+-]?\d+)?\b/gi, " ");
  for (const id of rest.match(/[A-Za-z_$][\w$]*/g) ?? []) {
    if (!names.includes(id) && id !== "true" && id !== "false") return `unknown name "${id}"`;
  }
  return null;
}

export const quizFormSchema = z
  .strictObject({
    kind: z.enum(["numeric", "choice"]),
    variables: z.array(variableSchema).max(10),
    /** numeric: the fields a student fills in, each with its answer formula. */
    fields: z.array(z.strictObject({ id: z.string().regex(/^[a-z][a-z0-9-]{0,29}$/, "lowercase letters, digits and -"), label: z.string().min(1).max(300), answer: z.string() })).max(20),
    /** choice: the options, each with a condition ("true", "false" or a formula such as "a > 3") saying when it is right. */
    options: z.array(z.strictObject({ label: z.string().min(1).max(300), correct: z.string() })).max(12),
    multiple: z.boolean(),
  })
  .superRefine((form, ctx) => {
    const names = form.variables.map((v) => v.name);
    form.variables.forEach((v, i) => {
      if (v.min >= v.max) ctx.addIssue({ code: "custom", path: ["variables", i, "max"], message: "max must be above min" });
      if (names.indexOf(v.name) !== i) ctx.addIssue({ code: "custom", path: ["variables", i, "name"], message: `"${v.name}" is used twice` });
    });
    const formulas = (label: string) => [...label.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] ?? "");
    const check = (expr: string, path: (string | number)[]) => {
      const problem = formulaProblem(expr, names);
      if (problem) ctx.addIssue({ code: "custom", path, message: problem });
    };
    if (form.kind === "numeric") {
      if (form.fields.length === 0) ctx.addIssue({ code: "custom", path: ["fields"], message: "add at least one field" });
      form.fields.forEach((f, i) => {
        check(f.answer, ["fields", i, "answer"]);
        formulas(f.label).forEach((e) => check(e, ["fields", i, "label"]));
        if (form.fields.findIndex((g) => g.id === f.id) !== i) ctx.addIssue({ code: "custom", path: ["fields", i, "id"], message: `"${f.id}" is used twice` });
      });
    } else {
      if (form.options.length < 2) ctx.addIssue({ code: "custom", path: ["options"], message: "add at least two options" });
      form.options.forEach((o, i) => {
        check(o.correct, ["options", i, "correct"]);
        formulas(o.label).forEach((e) => check(e, ["options", i, "label"]));
      });
    }
  });
export type QuizForm = z.infer<typeof quizFormSchema>;

/** A label as TypeScript: its text, with each {formula} computed from the variant. */
function labelCode(label: string): string {
  const parts: string[] = [];
  let last = 0;
  for (const m of label.matchAll(/\{([^{}]*)\}/g)) {
    if (m.index > last) parts.push(JSON.stringify(label.slice(last, m.index)));
    parts.push(`fmt(${m[1] ?? "0"})`);
    last = m.index + m[0].length;
  }
  if (last < label.length || parts.length === 0) parts.push(JSON.stringify(label.slice(last)));
  return parts.join(" + ");
}

/** suite.ts for a valid form (parse it with quizFormSchema first). */
export function suiteFromForm(form: QuizForm): string {
  const names = form.variables.map((v) => v.name);
  const params = [...names.map((n) => `${n}: number`), ...(form.kind === "choice" ? ["order: number[]"] : [])];
  const unpack = names.length > 0 ? `const { ${names.join(", ")} } = p; ` : "";
  const fn = (body: string) => `(p: Params) => { ${unpack}return ${body}; }`;
  const draws = form.variables.map((v) => `${v.name}: rng.int(${v.min}, ${v.max})`);
  const vars = `{ ${names.map((n) => `${n}: p.${n}`).join(", ")} }`;
  const head = `import type { QuizSuite } from "@/lib/exercises/suite-types";

// Written by the question form (${QUIZ_FORM_FILE}): change the form, not this file.
interface Params {
${params.map((p) => `  ${p};`).join("\n")}
}

/** A computed number as shown in a label: rounded, without float noise. */
const fmt = (v: number | boolean): string => (typeof v === "number" ? String(Math.round(v * 1e6) / 1e6) : String(v));
`;
  if (form.kind === "numeric") {
    return `${head}
const LABELS: Record<string, (p: Params) => string> = {
${form.fields.map((f) => `  ${JSON.stringify(f.id)}: ${fn(labelCode(f.label))},`).join("\n")}
};
const ANSWERS: Record<string, (p: Params) => number> = {
${form.fields.map((f) => `  ${JSON.stringify(f.id)}: ${fn(`(${f.answer})`)},`).join("\n")}
};

const suite: QuizSuite<Params> = {
  kind: "numeric",
  variant: (rng) => ({ ${draws.join(", ")} }),
  present: (p) => ({ kind: "numeric", vars: ${vars}, fields: Object.keys(LABELS).map((id) => ({ id, label: LABELS[id]?.(p) ?? id })) }),
  answer: (p) => ({ kind: "numeric", values: Object.fromEntries(Object.keys(ANSWERS).map((id) => [id, ANSWERS[id]?.(p) ?? NaN])) }),
};

export default suite;
`;
  }
  return `${head}
const OPTIONS: { label: (p: Params) => string; correct: (p: Params) => boolean }[] = [
${form.options.map((o) => `  { label: ${fn(labelCode(o.label))}, correct: ${fn(`Boolean(${o.correct})`)} },`).join("\n")}
];

// Option ids follow the shuffled display position: they say nothing about the answer.
const optionId = (position: number): string => \`o\${position + 1}\`;

const suite: QuizSuite<Params> = {
  kind: "choice",
  variant: (rng) => ({ ${[...draws, "order: rng.shuffle(OPTIONS.map((_, i) => i))"].join(", ")} }),
  present: (p) => ({
    kind: "choice",
    vars: ${vars},
    multiple: ${form.multiple},
    options: p.order.map((o, position) => ({ id: optionId(position), label: OPTIONS[o]?.label(p) ?? "" })),
  }),
  answer: (p) => ({ kind: "choice", selected: p.order.flatMap((o, position) => (OPTIONS[o]?.correct(p) ? [optionId(position)] : [])) }),
};

export default suite;
`;
}

/** The question a new numeric or choice item starts with. */
export function defaultQuizForm(kind: "numeric" | "choice"): QuizForm {
  return kind === "numeric"
    ? { kind, variables: [{ name: "x", min: 2, max: 9 }], fields: [{ id: "d", label: "d/dx x²", answer: "2 * x" }], options: [], multiple: false }
    : {
        kind,
        variables: [{ name: "a", min: 2, max: 9 }],
        fields: [],
        options: [
          { label: "$f'(x) = {2 * a}x$", correct: "true" },
          { label: "$f'(x) = {a}x$", correct: "false" },
          { label: "$f'(x) = {a}x^2$", correct: "false" },
          { label: "$f'(x) = 2x$", correct: "false" },
        ],
        multiple: false,
      };
}

/** The package files the form writes: quiz-form.json and the suite generated from it. */
export function quizFormFiles(form: QuizForm): Record<string, string> {
  return { [QUIZ_FORM_FILE]: JSON.stringify(form, null, 2) + "\n", "suite.ts": suiteFromForm(form) };
}
