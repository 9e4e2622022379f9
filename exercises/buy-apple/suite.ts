import { MulLayer, randomTax, type Rng } from "@/lib/engine";
import type { CodeCase, CodeSuite } from "@/lib/exercises/suite-types";

interface Input {
  apple: number;
  appleNum: number;
  tax: number;
}

interface Output {
  price: number;
  dApple: number;
  dAppleNum: number;
  dTax: number;
}

const RTOL = 1e-9;
const FIELDS = ["price", "dApple", "dAppleNum", "dTax"] as const;

/** The book's buy_apple.py with the engine's MulLayer. */
function reference({ apple, appleNum, tax }: Input): Output {
  const mulApple = new MulLayer();
  const mulTax = new MulLayer();
  const price = mulTax.forward(mulApple.forward(apple, appleNum), tax);
  const [dApplePrice, dTax] = mulTax.backward(1);
  const [dApple, dAppleNum] = mulApple.backward(dApplePrice);
  return { price, dApple, dAppleNum, dTax };
}

// Price ≠ count, count ≥ 2 and tax ≠ 1, so a swapped or skipped factor always changes the result.
const randomCase = (rng: Rng, name: string): CodeCase<Input> => ({
  name,
  input: { apple: rng.int(5, 40) * 10 + rng.pick([0, 5]), appleNum: rng.int(2, 9), tax: randomTax(rng) },
});

const suite: CodeSuite<Input, Output> = {
  kind: "code",
  driver: (mod, input) => {
    const buyApple = mod.buyApple as (a: number, n: number, t: number) => unknown;
    return buyApple(input.apple, input.appleNum, input.tax);
  },
  publicCases: (rng) => [
    { name: "book example: 100 won × 2, tax 1.1", input: { apple: 100, appleNum: 2, tax: 1.1 } },
    randomCase(rng, "random purchase"),
  ],
  hiddenCases: (rng) => Array.from({ length: 10 }, (_, i) => randomCase(rng, `purchase ${i + 1}`)),
  expected: reference,
  check: (input, actual, e) => {
    if (actual === null || typeof actual !== "object") return ["buyApple must return an object { price, dApple, dAppleNum, dTax }"];
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
