import { appleOrangeGraph, distinctPair, Graph, randomTax, roundTo, type GraphSpec } from "@/lib/engine";
import type { QuizSuite } from "@/lib/exercises/suite-types";

interface Params {
  apple: number;
  appleNum: number;
  orange: number;
  orangeNum: number;
  tax: number;
}

// Seven blanks, all gradients: the last × node (tax), the + node (apple_price), and the four inputs.
const BLANKS = [
  { id: "tax", node: "tax", field: "grad" as const, label: "∂price/∂tax" },
  { id: "all_price", node: "all_price", field: "grad" as const, label: "∂price/∂all_price" },
  { id: "apple_price", node: "apple_price", field: "grad" as const, label: "∂price/∂apple_price" },
  { id: "apple", node: "apple", field: "grad" as const, label: "∂price/∂apple" },
  { id: "apple_num", node: "apple_num", field: "grad" as const, label: "∂price/∂apple_num" },
  { id: "orange", node: "orange", field: "grad" as const, label: "∂price/∂orange" },
  { id: "orange_num", node: "orange_num", field: "grad" as const, label: "∂price/∂orange_num" },
];

const graphOf = (p: Params): GraphSpec => appleOrangeGraph(p.apple, p.appleNum, p.orange, p.orangeNum, p.tax);

function solve(p: Params): Record<string, number> {
  const g = new Graph(graphOf(p));
  g.forward();
  g.backward();
  return Object.fromEntries(BLANKS.map((b) => [b.id, g.grad(b.node)]));
}

const suite: QuizSuite<Params> = {
  kind: "graph",
  variant(rng) {
    // Different prices and counts (so a swapped gradient shows) and a tax ≠ 1.
    const [apple, orange] = distinctPair(rng, 8, 30, 0, 2).map((v) => v * 10) as [number, number];
    const [appleNum, orangeNum] = distinctPair(rng, 2, 7, 0, 1);
    return { apple, appleNum, orange, orangeNum, tax: randomTax(rng) };
  },
  present: (p) => ({
    kind: "graph",
    vars: { apple: p.apple, appleNum: p.appleNum, orange: p.orange, orangeNum: p.orangeNum, tax: p.tax },
    graph: graphOf(p),
    blanks: BLANKS,
  }),
  answer: (p) => ({ kind: "graph", values: Object.fromEntries(Object.entries(solve(p)).map(([k, v]) => [k, roundTo(v, 10)])) }),
  hint: (_p, field) =>
    ({
      tax: { key: "hint.tax" },
      all_price: { key: "hint.all-price" },
      apple_price: { key: "hint.apple-price" },
      apple: { key: "hint.apple-inputs" },
      apple_num: { key: "hint.apple-inputs" },
      orange: { key: "hint.orange-inputs" },
      orange_num: { key: "hint.orange-inputs" },
    })[field],
};

export default suite;
