import { Graph, type GraphSpec } from "@/lib/engine";
import type { QuizSuite } from "@/lib/exercises/suite-types";

interface Params {
  a: number;
  b: number;
  x: number;
  h: number;
}

/** f(x) = a·x² + b·x as an engine graph, so the exact derivative comes from backward(). */
function quadratic(p: Params, x: number): GraphSpec {
  return {
    nodes: [
      { id: "x", op: "input", inputs: [], value: x },
      { id: "a", op: "const", inputs: [], value: p.a },
      { id: "b", op: "const", inputs: [], value: p.b },
      { id: "x2", op: "square", inputs: ["x"] },
      { id: "ax2", op: "mul", inputs: ["a", "x2"] },
      { id: "bx", op: "mul", inputs: ["b", "x"] },
      { id: "f", op: "add", inputs: ["ax2", "bx"] },
    ],
    output: "f",
  };
}

function f(p: Params, x: number): number {
  const g = new Graph(quadratic(p, x));
  g.forward();
  return g.value("f");
}

function exact(p: Params): number {
  const g = new Graph(quadratic(p, p.x));
  g.forward();
  g.backward();
  return g.grad("x");
}

function answers(p: Params): Record<string, number> {
  return {
    exact: exact(p),
    forward: (f(p, p.x + p.h) - f(p, p.x)) / p.h,
    central: (f(p, p.x + p.h) - f(p, p.x - p.h)) / (2 * p.h),
  };
}

const suite: QuizSuite<Params> = {
  kind: "numeric",
  variant(rng) {
    // A nonzero slope (relative tolerance needs it) and a visible forward-difference error a·h.
    for (;;) {
      const p: Params = {
        a: rng.pick([-4, -3, -2, 2, 3, 4, 5]),
        b: rng.pick([-6, -5, -4, -3, -2, -1, 1, 2, 3, 4, 5, 6]),
        x: rng.pick([-3, -2, -1, 1, 2, 3]),
        h: rng.pick([0.1, 0.2, 0.5]),
      };
      const values = Object.values(answers(p));
      const shown = [p.a, p.b, p.x, p.h];
      if (values.every((v) => Math.abs(v) >= 0.5 && !shown.some((s) => Math.abs(s - v) < 1e-9))) return p;
    }
  },
  present: (p) => ({
    kind: "numeric",
    vars: { a: p.a, b: p.b, x: p.x, h: p.h, f: `${p.a}x^2 ${p.b < 0 ? "-" : "+"} ${Math.abs(p.b)}x` },
    fields: [
      { id: "exact", label: `exact f'(${p.x})` },
      { id: "forward", label: `forward difference, h = ${p.h}` },
      { id: "central", label: `central difference, h = ${p.h}` },
    ],
  }),
  answer: (p) => ({ kind: "numeric", values: answers(p) }),
  rtol: 1e-4,
  hint: (_p, field) =>
    ({
      exact: "Differentiate term by term: d(a·x²)/dx = 2a·x and d(b·x)/dx = b.",
      forward: "Evaluate f at x + h and at x, subtract, divide by h (not 2h).",
      central: "Evaluate f at x + h and at x − h and divide the difference by 2h. For a quadratic it is exact.",
    })[field],
};

export default suite;
