import { appleGraph, Graph, randomTax } from "@/lib/engine";
import type { QuizSuite } from "@/lib/exercises/suite-types";

interface Params {
  apple: number;
  appleNum: number;
  tax: number;
}

const BLANKS = [
  { id: "apple_price", node: "apple_price", field: "value" as const, label: "apple_price" },
  { id: "price", node: "price", field: "value" as const, label: "price" },
];

const suite: QuizSuite<Params> = {
  kind: "graph",
  variant: (rng) => ({ apple: rng.int(8, 30) * 10, appleNum: rng.int(2, 7), tax: randomTax(rng) }),
  present: (p) => ({
    kind: "graph",
    vars: { apple: p.apple, appleNum: p.appleNum, tax: p.tax, taxPercent: Math.round((p.tax - 1) * 100) },
    graph: appleGraph(p.apple, p.appleNum, p.tax),
    blanks: BLANKS,
  }),
  answer: (p) => {
    const g = new Graph(appleGraph(p.apple, p.appleNum, p.tax));
    g.forward();
    return { kind: "graph", values: Object.fromEntries(BLANKS.map((b) => [b.id, g.value(b.node)])) };
  },
  hint: (_p, field) =>
    field === "apple_price" ? { key: "hint.apple-price" } : { key: "hint.price" },
};

export default suite;
