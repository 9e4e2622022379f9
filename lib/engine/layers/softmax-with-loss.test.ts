import { describe, expect, it } from "vitest";
import { gradientCheck } from "../gradient-check";
import { cloneMatrix, oneHot } from "../matrix";
import { numericalGradient } from "../numerical-gradient";
import { createRng } from "../rng";
import { SEEDS, closeTo } from "../test-helpers";
import { randomLabels, randomMatrix } from "../variants";
import { SoftmaxWithLoss, softmax } from "./softmax-with-loss";

describe("SoftmaxWithLoss", () => {
  it("matches curriculum.md: x = [0.3, 2.9, 4.0], label 2", () => {
    const layer = new SoftmaxWithLoss();
    expect(layer.forward([[0.3, 2.9, 4.0]], [2])).toBeCloseTo(0.305714, 6);
    expect(closeTo(layer.backward(), [[0.018211, 0.245192, -0.263403]], 1e-5)).toBe(true);
  });

  it("one-hot and index labels give the same loss and gradient; backward divides by N", () => {
    const x = [[1, 2, 0.5], [-1, 0, 3]];
    const a = new SoftmaxWithLoss();
    const b = new SoftmaxWithLoss();
    expect(a.forward(x, [1, 2])).toBe(b.forward(x, [[0, 1, 0], [0, 0, 1]]));
    expect(a.backward()).toEqual(b.backward());
    const y = softmax(x);
    expect(closeTo(a.backward(), y.map((row, i) => row.map((v, j) => (v - ((i === 0 ? [0, 1, 0] : [0, 0, 1])[j] ?? NaN)) / 2)))).toBe(true);
    expect(closeTo(a.backward(3), a.backward(1).map((r) => r.map((v) => 3 * v)))).toBe(true);
  });

  it("is stable for large logits", () => {
    const layer = new SoftmaxWithLoss();
    const loss = layer.forward([[1000, 1001, 999], [-1000, 0, 1000]], [1, 2]);
    expect(Number.isFinite(loss)).toBe(true);
    expect(loss).toBeCloseTo((-Math.log(Math.exp(1) / (Math.exp(0) + Math.exp(1) + Math.exp(-1)) + 1e-7) - Math.log(1 + 1e-7)) / 2, 9);
    expect(layer.backward().flat().every(Number.isFinite)).toBe(true);
  });

  it("never mutates x or t", () => {
    const x = [[1, 2], [3, 4]];
    const t = [[0, 1], [1, 0]];
    const [xc, tc] = [cloneMatrix(x), cloneMatrix(t)];
    new SoftmaxWithLoss().forward(x, t);
    expect([x, t]).toEqual([xc, tc]);
  });

  // (y - t)/N is the exact gradient of -log(y_t); the loss uses -log(y_t + 1e-7), whose
  // gradient is smaller by the factor y_t / (y_t + 1e-7). So the check is exact to < 1e-6 only
  // while every target probability is above 0.1: here the target logit gets a head start.
  it.each(SEEDS)("backward agrees with numericalGradient of the loss (seed %i)", (seed) => {
    const rng = createRng(`softmax-${seed}`);
    const [n, c] = [rng.int(2, 5), rng.int(2, 6)];
    const labels = randomLabels(rng, n, c);
    const x = randomMatrix(rng, n, c, -1, 1).map((row, i) => row.map((v, j) => (j === labels[i] ? v + 2 : v)));
    const layer = new SoftmaxWithLoss();
    layer.forward(x, labels);
    expect(Math.min(...(layer.y ?? []).map((row, i) => row[labels[i] ?? 0] ?? 0))).toBeGreaterThan(0.1);
    const analytic = layer.backward();
    const numeric = numericalGradient((xs: number[][]) => layer.forward(xs, labels), x);
    expect(gradientCheck(analytic, numeric)).toBeLessThan(1e-6);
  });

  it.each(SEEDS)("with logEpsilon = 0, backward is the exact gradient of the loss, any target probability (seed %i)", (seed) => {
    const rng = createRng(`softmax-exact-${seed}`);
    const [n, c] = [rng.int(2, 5), rng.int(2, 6)];
    const labels = randomLabels(rng, n, c);
    const x = randomMatrix(rng, n, c, -3, 3);
    const layer = new SoftmaxWithLoss(0);
    layer.forward(x, oneHot(labels, c));
    const analytic = layer.backward();
    // an independent reference for the loss, not the layer itself
    const exactLoss = (xs: number[][]): number =>
      -softmax(xs).reduce((s, row, i) => s + Math.log(row[labels[i] ?? 0] ?? NaN), 0) / n;
    expect(gradientCheck(analytic, numericalGradient(exactLoss, x))).toBeLessThan(1e-6);
    expect(gradientCheck(analytic, numericalGradient((xs: number[][]) => layer.forward(xs, labels), x))).toBeLessThan(1e-6);
  });

  it("is loud on bad input", () => {
    const layer = new SoftmaxWithLoss();
    expect(() => layer.backward()).toThrow(/before forward/);
    expect(() => layer.forward([[1, 2]], [2])).toThrow(/label\[0\] = 2 is not a class index in \[0, 2\)/);
    expect(() => layer.forward([[1, 2], [3, 4]], [1])).toThrow(/x has 2 rows but there are 1 labels/);
    expect(() => layer.forward([[1, 2]], [[0.5, 0.5]])).toThrow(/t\[0\] is not one-hot/);
    expect(() => layer.forward([[1, 2]], [[0, 1, 0]])).toThrow(/x is 1×2 but one-hot t is 1×3/);
    expect(() => layer.forward([], [])).toThrow(/batch size 0/);
    expect(() => layer.forward([[1, NaN]], [0])).toThrow(/finite/);
    expect(() => new SoftmaxWithLoss(-1)).toThrow(/logEpsilon must be >= 0/);
    expect(() => new SoftmaxWithLoss(0).forward([[0, 800]], [0])).toThrow(/underflowed/);
  });
});
