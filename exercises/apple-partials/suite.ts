import { appleGraph, Graph, randomTax, roundTo } from "@/lib/engine";
import type { QuizSuite } from "@/lib/exercises/suite-types";

interface Params {
  apple: number;
  appleNum: number;
  tax: number;
}

const FIELDS = [
  { id: "dApple", node: "apple", label: "dApple = ∂price/∂apple" },
  { id: "dAppleNum", node: "apple_num", label: "dAppleNum = ∂price/∂apple_num" },
  { id: "dTax", node: "tax", label: "dTax = ∂price/∂tax" },
];

/** The book's worked numbers (apple 100, 2 apples, tax 1.1), shown in the prompt. */
const BOOK = [2.2, 110, 200];

function solve(p: Params): Record<string, number> {
  const g = new Graph(appleGraph(p.apple, p.appleNum, p.tax));
  g.forward();
  g.backward();
  return Object.fromEntries(FIELDS.map((f) => [f.id, roundTo(g.grad(f.node), 10)]));
}

const suite: QuizSuite<Params> = {
  kind: "numeric",
  variant(rng) {
    // Never the book's own answers (they are in the prompt), and three different numbers.
    for (;;) {
      const p = { apple: rng.int(8, 30) * 10, appleNum: rng.int(3, 9), tax: randomTax(rng) };
      const values = Object.values(solve(p));
      if (values.every((v) => !BOOK.some((b) => Math.abs(b - v) < 1e-9)) && new Set(values).size === 3) return p;
    }
  },
  present: (p) => ({
    kind: "numeric",
    vars: { apple: p.apple, appleNum: p.appleNum, tax: p.tax },
    fields: FIELDS.map(({ id, label }) => ({ id, label })),
  }),
  answer: (p) => ({ kind: "numeric", values: solve(p) }),
  rtol: 1e-4,
  hint: (_p, field) =>
    ({
      dApple: { key: "hint.dApple" },
      dAppleNum: { key: "hint.dAppleNum" },
      dTax: { key: "hint.dTax" },
    })[field],
};

export default suite;
