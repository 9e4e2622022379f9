import { describe, expect, it } from "vitest";
import { gradientCheck } from "../gradient-check";
import { cloneMatrix } from "../matrix";
import { numericalGradient } from "../numerical-gradient";
import { createRng } from "../rng";
import { SEEDS, closeTo, sumProduct } from "../test-helpers";
import { nonSquareShape, randomMatrix, randomVector } from "../variants";
import { Affine } from "./affine";

describe("Affine", () => {
  it("matches curriculum.md: W = [[1,2,3],[4,5,6]], x = [[1,2],[3,4]], dout = ones(2,3)", () => {
    const layer = new Affine([[1, 2, 3], [4, 5, 6]], [0, 0, 0]);
    expect(layer.forward([[1, 2], [3, 4]])).toEqual([[9, 12, 15], [19, 26, 33]]);
    const dx = layer.backward([[1, 1, 1], [1, 1, 1]]);
    expect(closeTo(dx, [[6, 15], [6, 15]])).toBe(true);
    expect(closeTo(layer.dW, [[4, 4, 4], [6, 6, 6]])).toBe(true);
    expect(closeTo(layer.db, [2, 2, 2])).toBe(true); // summed over the batch, not averaged
  });

  it("adds b to every row", () => {
    const layer = new Affine([[1, 0], [0, 1]], [10, -10]);
    expect(layer.forward([[1, 2], [3, 4], [5, 6]])).toEqual([[11, -8], [13, -6], [15, -4]]);
  });

  it.each(SEEDS)("dx, dW and db agree with numericalGradient on non-square shapes (seed %i)", (seed) => {
    const rng = createRng(`affine-${seed}`);
    const [n, d] = nonSquareShape(rng, 2, 5);
    const m = rng.int(1, 6);
    const W = randomMatrix(rng, d, m, -2, 2);
    const b = randomVector(rng, m, -1, 1);
    const x = randomMatrix(rng, n, d, -2, 2);
    const dout = randomMatrix(rng, n, m, -1, 1, 0.05);
    const layer = new Affine(W, b);
    const xCopy = cloneMatrix(x);
    layer.forward(x);
    const dx = layer.backward(dout);
    const [dW, db] = [layer.dW, layer.db];
    const f = (): number => sumProduct(layer.forward(x), dout);
    expect(gradientCheck(dx, numericalGradient(f, x))).toBeLessThan(1e-6);
    expect(gradientCheck(dW, numericalGradient(f, W))).toBeLessThan(1e-6);
    expect(gradientCheck(db, numericalGradient(f, b))).toBeLessThan(1e-6);
    expect(x).toEqual(xCopy);
  });

  it("is loud on bad input", () => {
    expect(() => new Affine([[1, 2]], [1])).toThrow(/W has 2 columns but b has length 1/);
    expect(() => new Affine([[1, 2]], [1, NaN])).toThrow(/Affine b\[1\]/);
    const layer = new Affine([[1, 2, 3], [4, 5, 6]], [0, 0, 0]);
    expect(() => layer.backward([[1, 1, 1]])).toThrow(/before forward/);
    expect(() => layer.dW).toThrow(/dW read before backward/);
    expect(() => layer.forward([[1, 2, 3]])).toThrow(/x is 1×3 but W is 2×3/);
    expect(() => layer.forward([])).toThrow(/batch size 0/);
    layer.forward([[1, 2], [3, 4]]);
    expect(() => layer.backward([[1, 1], [1, 1]])).toThrow(/dout is 2×2 but the forward output was 2×3/);
  });
});
