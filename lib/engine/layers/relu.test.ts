import { describe, expect, it } from "vitest";
import { gradientCheck } from "../gradient-check";
import { cloneMatrix } from "../matrix";
import { numericalGradient } from "../numerical-gradient";
import { createRng } from "../rng";
import { SEEDS, sumProduct } from "../test-helpers";
import { randomMatrix } from "../variants";
import { Relu } from "./relu";

describe("Relu", () => {
  it("zeroes x <= 0 forward and backward, with the mask taken from x (not dout)", () => {
    const relu = new Relu();
    expect(relu.forward([[1, -0.5], [0, 3]])).toEqual([[1, 0], [0, 3]]);
    // dout is negative where x is positive: a mask built from dout would zero the wrong entries
    expect(relu.backward([[-2, 5], [7, -4]])).toEqual([[-2, 0], [0, -4]]);
  });

  it("never mutates its input or dout", () => {
    const x = [[1, -2, 3], [-4, 5, -6]];
    const dout = [[1, 1, 1], [2, 2, 2]];
    const [xCopy, doutCopy] = [cloneMatrix(x), cloneMatrix(dout)];
    const relu = new Relu();
    relu.forward(x)[0]?.fill(99); // mutating the output must not reach x either
    relu.backward(dout);
    expect(x).toEqual(xCopy);
    expect(dout).toEqual(doutCopy);
  });

  it.each(SEEDS)("backward agrees with numericalGradient (seed %i)", (seed) => {
    const rng = createRng(`relu-${seed}`);
    const [n, d] = [rng.int(2, 5), rng.int(1, 7)];
    const x = randomMatrix(rng, n, d, -2, 2, 0.05); // off the kink: |x| >= 0.05 >> h
    const dout = randomMatrix(rng, n, d, -1, 1, 0.05);
    const relu = new Relu();
    relu.forward(x);
    const analytic = relu.backward(dout);
    const numeric = numericalGradient((xs: number[][]) => sumProduct(relu.forward(xs), dout), x);
    expect(gradientCheck(analytic, numeric)).toBeLessThan(1e-6);
  });

  it("is loud on bad input", () => {
    expect(() => new Relu().backward([[1]])).toThrow(/before forward/);
    expect(() => new Relu().forward([])).toThrow(/empty \(batch size 0\)/);
    expect(() => new Relu().forward([[1, 2], [3]])).toThrow(/ragged/);
    expect(() => new Relu().forward([[1, NaN]])).toThrow(/Relu.forward x\[0\]\[1\] must be a finite number/);
    const relu = new Relu();
    relu.forward([[1, 2], [3, 4]]);
    expect(() => relu.backward([[1, 2, 3], [4, 5, 6]])).toThrow(/dout is 2×3 but the forward input was 2×2/);
  });
});
