import { describe, expect, it } from "vitest";
import { assertMatrix, matmul, oneHot, shapeOf, sumOverBatch, transpose, zeros } from "./matrix";

describe("matrix helpers", () => {
  it("matmul, transpose, zeros, shapeOf, sumOverBatch, oneHot", () => {
    expect(matmul([[1, 2], [3, 4], [5, 6]], [[1, 0, 2], [0, 1, 3]])).toEqual([[1, 2, 8], [3, 4, 18], [5, 6, 28]]);
    expect(transpose([[1, 2, 3], [4, 5, 6]])).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(zeros(2, 3)).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect(shapeOf([[1, 2, 3], [4, 5, 6]])).toEqual([2, 3]);
    expect(sumOverBatch([[1, 2], [3, 4], [5, 6]])).toEqual([9, 12]);
    expect(oneHot([2, 0], 3)).toEqual([[0, 0, 1], [1, 0, 0]]);
  });

  it("zeros rows are independent arrays", () => {
    const z = zeros(2, 2);
    z[0]?.fill(1);
    expect(z[1]).toEqual([0, 0]);
  });

  it("is loud on bad input", () => {
    expect(() => matmul([[1, 2]], [[1, 2]])).toThrow(/a is 1×2 but b is 1×2 \(inner sizes differ\)/);
    expect(() => assertMatrix([[1], [2, 3]], "x")).toThrow(/x is ragged/);
    expect(() => assertMatrix([], "x")).toThrow(/x is empty \(batch size 0\)/);
    expect(() => assertMatrix([[]], "x")).toThrow(/0 features/);
    expect(() => assertMatrix([1, 2], "x")).toThrow(/x\[0\] must be an array/);
    expect(() => assertMatrix([["1"]], "x")).toThrow(/x\[0\]\[0\] must be a finite number/);
    expect(() => oneHot([1.5], 3)).toThrow(/not a class index/);
    expect(() => zeros(0, 1)).toThrow(/positive integers/);
  });
});
