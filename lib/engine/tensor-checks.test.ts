import { describe, expect, it } from "vitest";
import { allClose, flatNumbers, isRatio, tensorShape, uniformRatio } from "./tensor-checks";

describe("tensor checks", () => {
  it("reads shapes of numbers and rectangular arrays only", () => {
    expect(tensorShape(3)).toEqual([]);
    expect(tensorShape([1, 2, 3])).toEqual([3]);
    expect(tensorShape([[1, 2], [3, 4], [5, 6]])).toEqual([3, 2]);
    expect(tensorShape([[1, 2], [3]])).toBeNull();
    expect(tensorShape([1, [2]])).toBeNull();
    expect(tensorShape("1")).toBeNull();
    expect(tensorShape({ length: 2 })).toBeNull();
    expect(flatNumbers([[1, 2], [3, 4]])).toEqual([1, 2, 3, 4]);
  });

  it("allClose needs the same shape and every element within tolerance", () => {
    expect(allClose([[1, 2]], [[1, 2 + 1e-10]], 1e-9)).toBe(true);
    expect(allClose([[1, 2]], [[1, 2.1]], 1e-9)).toBe(false);
    expect(allClose([1, 2], [[1, 2]], 1e-9)).toBe(false);
    expect(allClose([1, NaN], [1, 2], 1e-9)).toBe(false);
  });

  it("finds the one constant between two tensors, or none", () => {
    expect(uniformRatio([[2, 4], [0, -6]], [[1, 2], [0, -3]])).toBeCloseTo(2, 12);
    expect(isRatio(uniformRatio([-1, -2, 3], [1, 2, -3]), -1)).toBe(true);
    expect(uniformRatio([2, 4.5], [1, 2])).toBeNull();
    expect(uniformRatio([1, 1], [0, 2])).toBeNull(); // nonzero where expected is 0
    expect(uniformRatio([1, 2], [1, 2, 3])).toBeNull();
    expect(isRatio(null, 1)).toBe(false);
  });
});
