import { describe, expect, it } from "vitest";
import { gradientCheck } from "./gradient-check";

describe("gradientCheck", () => {
  it("is the max relative error |a - n| / max(|a|, |n|)", () => {
    expect(gradientCheck([1, 2, -4], [1, 2.2, -4])).toBeCloseTo(0.2 / 2.2, 12);
    expect(gradientCheck([[1, 10]], [[1.1, 10]])).toBeCloseTo(0.1 / 1.1, 12);
    expect(gradientCheck(3, 3)).toBe(0);
    expect(gradientCheck([1], [-1])).toBe(2);
  });

  it("is 0 (never NaN) where both are 0", () => {
    expect(gradientCheck([0, 0], [0, 0])).toBe(0);
    expect(gradientCheck([[0, 1]], [[0, 1]])).toBe(0);
    expect(gradientCheck([0], [1e-12])).toBe(1); // one zero, one not: fully wrong, still a number
  });

  it("is loud on bad input", () => {
    expect(() => gradientCheck([1, 2], [1, 2, 3])).toThrow(/analytic has shape length 2 but numeric has shape length 3/);
    expect(() => gradientCheck([[1, 2]], [[1], [2]])).toThrow(/1×2 but numeric has shape 2×1/);
    expect(() => gradientCheck([1, 2], [[1, 2]])).toThrow(/shape/);
    expect(() => gradientCheck([NaN], [1])).toThrow(/analytic\[0\] must be a finite number/);
    expect(() => gradientCheck([], [])).toThrow(/empty/);
  });
});
