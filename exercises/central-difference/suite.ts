import { Graph, type GraphSpec } from "@/lib/engine";
import type { QuizSuite, SuiteQuizPresentation } from "@/lib/exercises/suite-types";

interface Params {
  a: number;
  b: number;
  x: number;
  h: number;
}

/**
 * f(x) = a·x³ + b·x as an engine graph, so the exact derivative comes from backward(). A cubic,
 * not a quadratic: for a quadratic the central difference is exact, and its O(h²) error (here
 * exactly a·h²) could not be seen.
 */
function cubic(p: Params, x: number): GraphSpec {
  return {
    nodes: [
      { id: "x", op: "input", inputs: [], value: x },
      { id: "a", op: "const", inputs: [], value: p.a },
      { id: "b", op: "const", inputs: [], value: p.b },
      { id: "x3", op: "pow", inputs: ["x"], exponent: 3 },
      { id: "ax3", op: "mul", inputs: ["a", "x3"] },
      { id: "bx", op: "mul", inputs: ["b", "x"] },
      { id: "f", op: "add", inputs: ["ax3", "bx"] },
    ],
    output: "f",
  };
}

function f(p: Params, x: number): number {
  const g = new Graph(cubic(p, x));
  g.forward();
  return g.value("f");
}

function exact(p: Params): number {
  const g = new Graph(cubic(p, p.x));
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
    // A slope well away from 0 (relative tolerance needs it), three clearly different answers
    // (the central error a·h² is at least 1 %), none equal to a number shown.
    for (;;) {
      const p: Params = {
        a: rng.pick([-3, -2, -1, 1, 2, 3]),
        b: rng.pick([-6, -5, -4, -3, -2, -1, 1, 2, 3, 4, 5, 6]),
        x: rng.pick([-2, -1, 1, 2]),
        h: rng.pick([0.2, 0.5]),
      };
      const v = answers(p);
      const values = Object.values(v);
      const shown = [p.a, p.b, p.x, p.h];
      const apart = (u: number, w: number): boolean => Math.abs(u - w) >= 0.01 * Math.max(Math.abs(u), Math.abs(w));
      const clean =
        values.every((u) => Math.abs(u) >= 0.5 && !shown.some((s) => Math.abs(s - u) < 1e-9)) &&
        apart(v.exact ?? 0, v.central ?? 0) &&
        apart(v.exact ?? 0, v.forward ?? 0) &&
        apart(v.forward ?? 0, v.central ?? 0);
      if (clean) return p;
    }
  },
  present: (p): SuiteQuizPresentation => ({
    kind: "numeric",
    vars: { a: p.a, b: p.b, x: p.x, h: p.h, f: `${p.a === 1 ? "" : p.a === -1 ? "-" : p.a}x^3 ${p.b < 0 ? "-" : "+"} ${Math.abs(p.b) === 1 ? "" : Math.abs(p.b)}x` },
    fields: [
      { id: "exact", label: { key: "label.exact", params: { x: p.x } } },
      { id: "forward", label: { key: "label.forward", params: { h: p.h } } },
      { id: "central", label: { key: "label.central", params: { h: p.h } } },
    ],
  }),
  answer: (p) => ({ kind: "numeric", values: answers(p) }),
  rtol: 1e-4,
  hint: (_p, field) =>
    ({
      exact: { key: "hint.exact" },
      forward: { key: "hint.forward" },
      central: { key: "hint.central" },
    })[field],
};

export default suite;
