import { AddLayer, distinctPair, MulLayer, randomTax, type Rng } from "@/lib/engine";
import type { CodeCase, CodeSuite } from "@/lib/exercises/suite-types";

interface Input {
  apple: number;
  appleNum: number;
  orange: number;
  orangeNum: number;
  tax: number;
}

interface Output {
  price: number;
  dApple: number;
  dAppleNum: number;
  dOrange: number;
  dOrangeNum: number;
  dTax: number;
}

const RTOL = 1e-9;
const FIELDS = ["price", "dApple", "dAppleNum", "dOrange", "dOrangeNum", "dTax"] as const;

/** The book's buy_apple_orange.py with the engine's layers. */
function reference(p: Input): Output {
  const mulApple = new MulLayer();
  const mulOrange = new MulLayer();
  const add = new AddLayer();
  const mulTax = new MulLayer();
  const all = add.forward(mulApple.forward(p.apple, p.appleNum), mulOrange.forward(p.orange, p.orangeNum));
  const price = mulTax.forward(all, p.tax);
  const [dAll, dTax] = mulTax.backward(1);
  const [dApplePrice, dOrangePrice] = add.backward(dAll);
  const [dOrange, dOrangeNum] = mulOrange.backward(dOrangePrice);
  const [dApple, dAppleNum] = mulApple.backward(dApplePrice);
  return { price, dApple, dAppleNum, dOrange, dOrangeNum, dTax };
}

// Different fruit prices and counts and tax ≠ 1: swapping fruits or dropping the tax always shows.
function randomCase(rng: Rng, name: string): CodeCase<Input> {
  const [apple, orange] = distinctPair(rng, 5, 40, 0, 2).map((v) => v * 10) as [number, number];
  const [appleNum, orangeNum] = distinctPair(rng, 2, 9, 0, 1);
  return { name, input: { apple, appleNum, orange, orangeNum, tax: randomTax(rng) } };
}

const suite: CodeSuite<Input, Output> = {
  kind: "code",
  driver: (mod, input) => {
    const f = mod.buyAppleOrange as (a: number, an: number, o: number, on: number, t: number) => unknown;
    return f(input.apple, input.appleNum, input.orange, input.orangeNum, input.tax);
  },
  publicCases: (rng) => [
    { name: "book example: 100 × 2 apples, 150 × 3 oranges, tax 1.1", input: { apple: 100, appleNum: 2, orange: 150, orangeNum: 3, tax: 1.1 } },
    randomCase(rng, "random purchase"),
  ],
  hiddenCases: (rng) => Array.from({ length: 10 }, (_, i) => randomCase(rng, `purchase ${i + 1}`)),
  expected: reference,
  check: (input, actual, e) => {
    if (actual === null || typeof actual !== "object") return ["buyAppleOrange must return an object { price, dApple, dAppleNum, dOrange, dOrangeNum, dTax }"];
    const a = actual as Record<string, unknown>;
    return FIELDS.flatMap((k) => {
      const v = a[k];
      if (typeof v !== "number" || !Number.isFinite(v)) return [`${k} is missing or not a finite number`];
      return Math.abs(v - e[k]) <= RTOL * Math.abs(e[k]) + 1e-12 ? [] : [`${k} is wrong`];
    });
  },
  rtol: RTOL,
};

export default suite;
