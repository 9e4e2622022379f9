import { branchGraph, distinctPair, Graph } from "@/lib/engine";
import type { QuizSuite } from "@/lib/exercises/suite-types";

interface Params {
  x: number;
  y: number;
}

const BLANKS = [
  { id: "da", node: "a", field: "grad" as const, label: "∂z/∂a" },
  { id: "db", node: "b", field: "grad" as const, label: "∂z/∂b" },
  { id: "dx", node: "x", field: "grad" as const, label: "∂z/∂x" },
  { id: "dy", node: "y", field: "grad" as const, label: "∂z/∂y" },
];

function solve(p: Params): Record<string, number> {
  const g = new Graph(branchGraph(p.x, p.y));
  g.forward();
  g.backward();
  return Object.fromEntries(BLANKS.map((b) => [b.id, g.grad(b.node)]));
}

const suite: QuizSuite<Params> = {
  kind: "graph",
  variant(rng) {
    // Both paths of x (and of y) contribute something different: a, b ≠ 0, and one path alone is
    // never the whole answer (y ≠ 0, x ≠ 0, and the two contributions differ).
    for (;;) {
      const [x, y] = distinctPair(rng, -5, 5, 0, 1);
      const a = x * y;
      const b = x + y;
      if (x === 0 || y === 0 || a === 0 || b === 0 || Math.abs(b * y) === Math.abs(a) || Math.abs(b * x) === Math.abs(a)) continue;
      const answers = Object.values(solve({ x, y }));
      // No answer equal to a number the figure shows: the inputs, or ∂z/∂z = 1.
      if (answers.every((v) => v !== x && v !== y && v !== 0 && v !== 1)) return { x, y };
    }
  },
  present: (p) => ({ kind: "graph", vars: { x: p.x, y: p.y }, graph: branchGraph(p.x, p.y), blanks: BLANKS }),
  answer: (p) => ({ kind: "graph", values: solve(p) }),
  rtol: 1e-4,
  hint: (_p, field) =>
    ({
      da: { key: "hint.da" },
      db: { key: "hint.db" },
      dx: { key: "hint.dx" },
      dy: { key: "hint.dy" },
    })[field],
};

export default suite;
