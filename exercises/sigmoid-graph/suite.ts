import { Graph, roundTo, sigmoidGraph, uniformAwayFromZero } from "@/lib/engine";
import type { QuizSuite } from "@/lib/exercises/suite-types";

interface Params {
  x: number;
}

// The forward value of y, then the gradient at each node, right to left: what the book's
// figure 5-20 fills in step by step. Labels with words are keys of exercise.json `messages`.
const BLANKS = [
  { id: "y", node: "y", field: "value" as const, label: "y = 1 / s" },
  { id: "ds", node: "s", field: "grad" as const, label: { key: "blank.ds" } },
  { id: "de", node: "e", field: "grad" as const, label: { key: "blank.de" } },
  { id: "da", node: "a", field: "grad" as const, label: { key: "blank.da" } },
  { id: "dx", node: "x", field: "grad" as const, label: { key: "blank.dx" } },
];

function solve(p: Params): Record<string, number> {
  const g = new Graph(sigmoidGraph(p.x));
  g.forward();
  g.backward();
  return Object.fromEntries(BLANKS.map((b) => [b.id, b.field === "value" ? g.value(b.node) : g.grad(b.node)]));
}

const suite: QuizSuite<Params> = {
  kind: "graph",
  variant(rng) {
    // |x| ≥ 0.3 (so −x, e^−x and y are clearly different numbers) and no blank equal to a number
    // the figure shows (e^−x = y happens near x = 0.48).
    for (;;) {
      const x = roundTo(uniformAwayFromZero(rng, -2.5, 2.5, 0.3), 1);
      const g = new Graph(sigmoidGraph(x));
      g.forward();
      const shown = ["x", "a", "e", "s"].map((id) => g.value(id));
      const answers = Object.values(solve({ x }));
      if (answers.every((v) => shown.every((s) => Math.abs(s - v) > 1e-3 * Math.max(1, Math.abs(v))))) return { x };
    }
  },
  present: (p) => ({ kind: "graph", vars: { x: p.x }, graph: sigmoidGraph(p.x), blanks: BLANKS }),
  answer: (p) => ({ kind: "graph", values: solve(p) }),
  rtol: 1e-4,
  hint: (_p, field) => (BLANKS.some((b) => b.id === field) ? { key: `hint.${field}` } : undefined),
};

export default suite;
