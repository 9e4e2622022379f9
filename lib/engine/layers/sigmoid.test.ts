import { describe, expect, it } from "vitest";
import { gradientCheck } from "../gradient-check";
import { cloneMatrix } from "../matrix";
import { numericalGradient } from "../numerical-gradient";
import { createRng } from "../rng";
import { SEEDS, closeTo, sumProduct } from "../test-helpers";
import { randomMatrix } from "../variants";
import { Sigmoid, sigmoid } from "./sigmoid";

describe("Sigmoid", () => {
  it("matches curriculum.md: x = [0, 2, -1], dout = 1 gives dx = [0.25, 0.104994, 0.196612]", () => {
    const layer = new Sigmoid();
    const out = layer.forward([[0, 2, -1]]);
    expect(closeTo(out, [[0.5, 0.8807970779778823, 0.2689414213699951]])).toBe(true);
    const dx = layer.backward([[1, 1, 1]]);
    expect(closeTo(dx, [[0.25, 0.104994, 0.196612]], 1e-5)).toBe(true);
  });

  it("is stable for large |x| (no NaN, saturates to 0 and 1)", () => {
    expect(sigmoid(40)).toBeCloseTo(1, 15);
    expect(sigmoid(-40)).toBeGreaterThan(0);
    expect(sigmoid(-40)).toBeCloseTo(4.248354255291589e-18, 30);
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(1000)).toBe(1);
    const layer = new Sigmoid();
    layer.forward([[-1000, 1000, 40, -40]]);
    expect(layer.backward([[1, 1, 1, 1]]).flat().every(Number.isFinite)).toBe(true);
  });

  it("its largest local gradient is 0.25, at x = 0", () => {
    const layer = new Sigmoid();
    layer.forward([[-3, -1, -0.1, 0, 0.1, 1, 3]]);
    expect(Math.max(...layer.backward([[1, 1, 1, 1, 1, 1, 1]]).flat())).toBe(0.25);
  });

  it("never mutates its input or dout, and keeps its own copy of out", () => {
    const x = [[0.5, -1], [2, 3]];
    const dout = [[1, -1], [2, 0.5]];
    const [xCopy, doutCopy] = [cloneMatrix(x), cloneMatrix(dout)];
    const layer = new Sigmoid();
    const out = layer.forward(x);
    const expected = new Sigmoid();
    expected.forward(x);
    out[0]?.fill(123); // a caller scribbling on the output must not change backward
    expect(layer.backward(dout)).toEqual(expected.backward(dout));
    expect(x).toEqual(xCopy);
    expect(dout).toEqual(doutCopy);
  });

  it.each(SEEDS)("backward agrees with numericalGradient (seed %i)", (seed) => {
    const rng = createRng(`sigmoid-${seed}`);
    const [n, d] = [rng.int(2, 5), rng.int(1, 7)];
    const x = randomMatrix(rng, n, d, -4, 4);
    const dout = randomMatrix(rng, n, d, -1, 1, 0.05);
    const layer = new Sigmoid();
    layer.forward(x);
    const analytic = layer.backward(dout);
    const numeric = numericalGradient((xs: number[][]) => sumProduct(layer.forward(xs), dout), x);
    expect(gradientCheck(analytic, numeric)).toBeLessThan(1e-6);
  });

  it("is loud on bad input", () => {
    expect(() => new Sigmoid().backward([[1]])).toThrow(/before forward/);
    expect(() => new Sigmoid().forward([[Infinity]])).toThrow(/finite/);
    const layer = new Sigmoid();
    layer.forward([[1, 2]]);
    expect(() => layer.backward([[1], [2]])).toThrow(/shape mismatch: dout is 2×1 but forward output is 1×2/);
  });
});
