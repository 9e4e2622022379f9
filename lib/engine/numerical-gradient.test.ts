import { describe, expect, it } from "vitest";
import { gradientCheck } from "./gradient-check";
import { numericalGradient } from "./numerical-gradient";

describe("numericalGradient", () => {
  it("is the central difference with h = 1e-4 (exact for quadratics up to rounding)", () => {
    // f = 3x² + 2x at x = 1.5: central difference has no truncation error for a quadratic,
    // while the forward difference would be off by 3h.
    const [g] = numericalGradient((x: number[]) => 3 * (x[0] ?? NaN) ** 2 + 2 * (x[0] ?? NaN), [1.5]);
    expect(g).toBeCloseTo(11, 8);
    // x³ at 2: central difference is 12 + h² exactly, a forward difference would be 12 + 6h
    const [c] = numericalGradient((x: number[]) => (x[0] ?? NaN) ** 3, [2]);
    expect(c).toBeCloseTo(12 + 1e-8, 9);
  });

  it("works on matrices and returns a new array of x's shape", () => {
    const x = [[1, 2, 3], [4, 5, 6]];
    const g = numericalGradient((m: number[][]) => m.flat().reduce((s, v) => s + v * v, 0), x);
    expect(g).not.toBe(x);
    expect(gradientCheck(g, [[2, 4, 6], [8, 10, 12]])).toBeLessThan(1e-9);
  });

  it("perturbs x in place and restores it, so f may close over x (the book's loss_W)", () => {
    const W = [[0.5, -1.25], [2, 3]];
    const before = W.map((r) => r.slice());
    const seen: number[] = [];
    const lossW = (): number => {
      seen.push(W[0]?.[0] ?? NaN);
      return W.flat().reduce((s, v) => s + v * v, 0); // ignores its argument on purpose
    };
    const g = numericalGradient(lossW, W);
    expect(gradientCheck(g, [[1, -2.5], [4, 6]])).toBeLessThan(1e-9);
    expect(W).toEqual(before); // restored bit for bit
    expect(seen.slice(0, 2)).toEqual([0.5 + 1e-4, 0.5 - 1e-4]);
  });

  it("restores x even when f throws", () => {
    const x = [1, 2];
    expect(() =>
      numericalGradient(() => {
        throw new Error("boom");
      }, x),
    ).toThrow("boom");
    expect(x).toEqual([1, 2]);
  });

  it("is loud on bad input", () => {
    expect(() => numericalGradient(() => 0, [])).toThrow(/empty/);
    expect(() => numericalGradient(() => 0, [1, NaN])).toThrow(/x\[1\]/);
    expect(() => numericalGradient(() => NaN, [1])).toThrow(/f\(x \+ h\) at element 0 must be a finite number/);
  });
});
