import { appleGraph, Graph, randomTax, roundTo } from "@/lib/engine";
import type { QuizSuite } from "@/lib/exercises/suite-types";

interface Params {
  apple: number;
  appleNum: number;
  tax: number;
}

const suite: QuizSuite<Params> = {
  kind: "numeric",
  variant: (rng) => ({ apple: rng.int(8, 30) * 10, appleNum: rng.int(2, 9), tax: randomTax(rng) }),
  present: (p) => ({
    kind: "numeric",
    vars: { apple: p.apple, appleNum: p.appleNum, tax: p.tax },
    fields: [{ id: "dApple", label: "dApple = ∂price/∂apple" }],
  }),
  answer: (p) => {
    const g = new Graph(appleGraph(p.apple, p.appleNum, p.tax));
    g.forward();
    g.backward();
    return { kind: "numeric", values: { dApple: roundTo(g.grad("apple"), 10) } };
  },
  // A key of exercise.json `messages` (English and Korean).
  hint: () => ({ key: "hint.dapple" }),
};

export default suite;
