import { authoredItemId } from "./item-ids";
import { defaultQuizForm, quizFormFiles } from "./quiz-form";
import type { ExerciseKind } from "./schema";

// Starting files of a new browser-authored item, one working package per kind: each validates
// green as it stands (tests/exercises/templates.test.ts runs the full check on every one), so
// an author who switches the Kind selector starts from something that works and changes it.
// Pure data, no server code: the editor swaps templates in the browser and the server seeds
// new items with the same files.

const PROMPT_TOLERANCE = "Answers are accepted within a relative error of $10^{-4}$.";

function meta(kind: ExerciseKind, slug: string, order: number, extra: Record<string, unknown>): string {
  const title = kind === "code" ? "New exercise" : "New question";
  return JSON.stringify({ id: authoredItemId(slug), title, kind, points: 1, order, tags: [], ...extra }, null, 2) + "\n";
}

/** Starting files for a new item of `kind` (exercise.json, prompt.md, suite.ts, ...). */
export function itemTemplate(kind: ExerciseKind, slug: string, order: number): Record<string, string> {
  switch (kind) {
    case "code":
      return {
        "exercise.json": meta("code", slug, order, { attempts: { max: null }, timeLimitMs: 2000, exports: ["solve"] }),
        "prompt.md": "# New exercise\n\nDescribe the task. Math works: $\\frac{\\partial L}{\\partial x}$.\n",
        "starter.ts": "export function solve(x: number): number {\n  // TODO\n  return 0;\n}\n",
        "solution.ts": "export function solve(x: number): number {\n  return 2 * x;\n}\n",
        "public.ts": PUBLIC_TEMPLATE,
        "suite.ts": SUITE_TEMPLATE,
      };
    case "numeric":
      return {
        "exercise.json": meta("numeric", slug, order, { attempts: { max: 3 } }),
        "prompt.md": `# New question\n\nWith $x = {{x}}$, what is $\\frac{d}{dx} x^2$?\n\n${PROMPT_TOLERANCE}\n`,
        // Written by the question form: the author edits variables and formulas, not TypeScript.
        ...quizFormFiles(defaultQuizForm("numeric")),
      };
    case "choice":
      return {
        "exercise.json": meta("choice", slug, order, { attempts: { max: 2 } }),
        "prompt.md": "# New question\n\nLet $f(x) = {{a}}x^2$. Which one is $f'(x)$?\n",
        ...quizFormFiles(defaultQuizForm("choice")),
      };
    case "order":
      return {
        "exercise.json": meta("order", slug, order, { attempts: { max: 3 } }),
        "prompt.md": "# New question\n\nPut the steps of one training step in order, **first one on top**.\n",
        "suite.ts": ORDER_TEMPLATE,
      };
    case "graph":
      return {
        "exercise.json": meta("graph", slug, order, { attempts: { max: 5 } }),
        "prompt.md": `# New question\n\nYou buy {{appleNum}} apples at {{apple}} won each, and a tax factor of {{tax}} is applied.\n\nFill in the value that leaves the first \`×\` node.\n\n${PROMPT_TOLERANCE}\n`,
        "suite.ts": GRAPH_TEMPLATE,
      };
  }
}

const PUBLIC_TEMPLATE = `import type { Rng } from "@/lib/engine";
import type { CodeCase } from "@/lib/exercises/suite-types";

// Cases the student may run with "Run tests" (expected and actual are shown).
export function publicCases(rng: Rng): CodeCase<{ x: number }>[] {
  return [
    { name: "x = 1", input: { x: 1 } },
    { name: "random x", input: { x: Math.round(rng.uniform(-5, 5) * 100) / 100 } },
  ];
}
`;

const SUITE_TEMPLATE = `import type { CodeSuite } from "@/lib/exercises/suite-types";
import { publicCases } from "./public";

// The hidden suite: decides the grade. driver runs in the sandbox (self-contained, no imports);
// expected (the engine) runs in the grader's sandbox too, where the whole suite runs.
const suite: CodeSuite<{ x: number }, number> = {
  kind: "code",
  driver: (mod, input) => (mod.solve as (x: number) => number)(input.x),
  publicCases,
  hiddenCases: (rng) =>
    Array.from({ length: 10 }, (_, i) => ({ name: \`hidden case \${i + 1}\`, input: { x: Math.round(rng.uniform(-10, 10) * 100) / 100 } })),
  expected: (input) => 2 * input.x,
};

export default suite;
`;

const ORDER_TEMPLATE = `import type { QuizSuite } from "@/lib/exercises/suite-types";

// The steps in their right order; the student sees a seeded shuffle that is never already right.
const STEPS = ["Forward pass: compute the loss", "Backward pass: compute the gradients", "Update the parameters", "Reset the gradients"];

const itemId = (position: number): string => \`step-\${String.fromCharCode(97 + position)}\`;

const suite: QuizSuite<{ shown: number[] }> = {
  kind: "order",
  variant(rng) {
    for (;;) {
      const shown = rng.shuffle(STEPS.map((_, i) => i));
      if (shown.some((v, i) => v !== i)) return { shown };
    }
  },
  present: (p) => ({ kind: "order", vars: {}, items: p.shown.map((step, position) => ({ id: itemId(position), label: STEPS[step] ?? "?" })) }),
  answer: (p) => ({ kind: "order", order: STEPS.map((_, step) => itemId(p.shown.indexOf(step))) }),
};

export default suite;
`;

const GRAPH_TEMPLATE = `import { appleGraph, Graph, randomTax } from "@/lib/engine";
import type { QuizSuite } from "@/lib/exercises/suite-types";

interface Params {
  apple: number;
  appleNum: number;
  tax: number;
}

// Blanks name graph nodes; "value" asks for the forward value, "grad" for the gradient.
const BLANKS = [{ id: "apple_price", node: "apple_price", field: "value" as const, label: "apple_price" }];

const suite: QuizSuite<Params> = {
  kind: "graph",
  variant: (rng) => ({ apple: rng.int(8, 30) * 10, appleNum: rng.int(2, 7), tax: randomTax(rng) }),
  present: (p) => ({
    kind: "graph",
    vars: { apple: p.apple, appleNum: p.appleNum, tax: p.tax },
    graph: appleGraph(p.apple, p.appleNum, p.tax),
    blanks: BLANKS,
  }),
  answer: (p) => {
    const g = new Graph(appleGraph(p.apple, p.appleNum, p.tax));
    g.forward();
    return { kind: "graph", values: Object.fromEntries(BLANKS.map((b) => [b.id, g.value(b.node)])) };
  },
};

export default suite;
`;
