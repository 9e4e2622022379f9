import { chainRuleGraph, distinctPair, Graph } from "@/lib/engine";
import type { QuizSuite } from "@/lib/exercises/suite-types";

interface Params {
  x: number;
  y: number;
}

const BLANKS = [
  { id: "t", node: "t", field: "value" as const, label: "t = x + y" },
  { id: "z", node: "z", field: "value" as const, label: "z = t²" },
  { id: "dz", node: "z", field: "grad" as const, label: "∂z/∂z" },
  { id: "dt", node: "t", field: "grad" as const, label: "∂z/∂t" },
  { id: "dx", node: "x", field: "grad" as const, label: "∂z/∂x" },
  { id: "dy", node: "y", field: "grad" as const, label: "∂z/∂y" },
];

function solve(p: Params): Record<string, number> {
  const g = new Graph(chainRuleGraph(p.x, p.y));
  g.forward();
  g.backward();
  return Object.fromEntries(BLANKS.map((b) => [b.id, b.field === "value" ? g.value(b.node) : g.grad(b.node)]));
}

const suite: QuizSuite<Params> = {
  kind: "graph",
  variant(rng) {
    for (;;) {
      const [x, y] = distinctPair(rng, -4, 6, 1, 0.5);
      const values = Object.values(solve({ x, y }));
      // t away from 0 (so 2t is not ~0), and no answer equal to a shown input.
      if (Math.abs(x + y) >= 0.5 && values.every((v) => Math.abs(v - x) > 1e-9 && Math.abs(v - y) > 1e-9)) return { x, y };
    }
  },
  present: (p) => ({ kind: "graph", vars: { x: p.x, y: p.y }, graph: chainRuleGraph(p.x, p.y), blanks: BLANKS }),
  answer: (p) => ({ kind: "graph", values: solve(p) }),
  hint: (_p, field) =>
    ({
      dz: { key: "hint.dz" },
      dt: { key: "hint.dt" },
      dx: { key: "hint.dx" },
      dy: { key: "hint.dy" },
    })[field],
};

export default suite;
