import { distinctPair, MulLayer, roundTo, type Rng } from "@/lib/engine";
import type { CodeCase, CodeSuite } from "@/lib/exercises/suite-types";

interface Input {
  x: number;
  y: number;
  dout: number;
}
interface Output {
  forward: number;
  backward: { dx: number; dy: number };
}

/** An upstream gradient that is never 1 (or close), so a missing dout factor shows. */
function upstream(rng: Rng): number {
  for (;;) {
    const d = roundTo(rng.uniform(-3, 3), 2);
    if (Math.abs(d - 1) > 0.2 && Math.abs(d) > 0.1) return d;
  }
}

function randomCase(rng: Rng, name: string, lo: number, hi: number): CodeCase<Input> {
  const [x, y] = distinctPair(rng, lo, hi, 2, 0.5);
  return { name, input: { x, y, dout: upstream(rng) } };
}

const suite: CodeSuite<Input, Output> = {
  kind: "code",

  // Runs in the sandbox: self-contained, no imports.
  driver: (mod, input) => {
    const Layer = mod.MulLayer as new () => {
      forward(x: number, y: number): unknown;
      backward(dout: number): unknown;
    };
    const layer = new Layer();
    const forward = layer.forward(input.x, input.y);
    const grads = layer.backward(input.dout);
    if (!Array.isArray(grads)) throw new Error("backward must return an array [dx, dy]");
    const [dx, dy] = grads as unknown[];
    return { forward, backward: { dx, dy } };
  },

  publicCases: (rng) => [
    { name: "apple: 100 × 2, dout = 1.1", input: { x: 100, y: 2, dout: 1.1 } },
    { name: "apple_price × tax: 200 × 1.1, dout = 1", input: { x: 200, y: 1.1, dout: 1 } },
    randomCase(rng, "random numbers", -5, 5),
  ],

  hiddenCases: (rng) => [
    randomCase(rng, "positive inputs", 0.5, 10),
    randomCase(rng, "positive inputs (2)", 0.5, 10),
    randomCase(rng, "negative inputs", -10, -0.5),
    randomCase(rng, "mixed signs", -10, 10),
    randomCase(rng, "mixed signs (2)", -10, 10),
    randomCase(rng, "small numbers", -1, 1),
    randomCase(rng, "large numbers", 100, 1000),
    { name: "x = 0", input: { x: 0, y: roundTo(rng.uniform(1, 9), 2), dout: upstream(rng) } },
    randomCase(rng, "prices (apple)", 50, 300),
    randomCase(rng, "mixed signs (3)", -100, 100),
    randomCase(rng, "fractions", 0.01, 0.99),
    randomCase(rng, "mixed signs (4)", -3, 3),
  ],

  expected: (input) => {
    const layer = new MulLayer();
    const forward = layer.forward(input.x, input.y);
    const [dx, dy] = layer.backward(input.dout);
    return { forward, backward: { dx, dy } };
  },
};

export default suite;
