import { describe, expect, it } from "vitest";
import { createRng } from "./rng";
import { SEEDS } from "./test-helpers";
import {
  distinctInts,
  distinctPair,
  nonSquareShape,
  randomLabels,
  randomMatrix,
  randomTax,
  randomVector,
  roundTo,
  uniformAwayFromZero,
} from "./variants";

describe("variant helpers avoid bug-hiding values", () => {
  it.each(SEEDS)("seed %i: pairs differ, tax is not 1, shapes are non-square with batch >= 2, values avoid 0", (seed) => {
    const rng = createRng(`variants-${seed}`);
    const [x, y] = distinctPair(rng, 1, 10, 1, 0.5);
    expect(Math.abs(x - y)).toBeGreaterThanOrEqual(0.5);
    expect(roundTo(x, 1)).toBe(x);
    const tax = randomTax(rng);
    expect(tax).not.toBe(1);
    expect(tax).toBeGreaterThanOrEqual(1.05);
    expect(tax).toBeLessThanOrEqual(1.3);
    const [rows, cols] = nonSquareShape(rng);
    expect(rows).not.toBe(cols);
    expect(Math.min(rows, cols)).toBeGreaterThanOrEqual(2);
    const m = randomMatrix(rng, rows, cols, -1, 1, 0.1);
    expect(m).toHaveLength(rows);
    expect(m.flat()).toHaveLength(rows * cols);
    expect(m.flat().every((v) => Math.abs(v) >= 0.1 && v >= -1 && v < 1)).toBe(true);
    expect(Math.abs(uniformAwayFromZero(rng, -1, 1, 0.2))).toBeGreaterThanOrEqual(0.2);
    expect(randomVector(rng, 4)).toHaveLength(4);
    const ints = distinctInts(rng, 3, 2, 6);
    expect(new Set(ints).size).toBe(3);
    const labels = randomLabels(rng, 4, 3);
    expect(new Set(labels).size).toBeGreaterThan(1);
    expect(labels.every((t) => Number.isInteger(t) && t >= 0 && t < 3)).toBe(true);
  });

  it("roundTo gives friendly decimals", () => {
    expect(roundTo(2.345678, 2)).toBe(2.35);
    expect(roundTo(-0.125, 0)).toBe(-0);
    expect(roundTo(1.1 * 3, 2)).toBe(3.3);
    expect(() => roundTo(1, -1)).toThrow(/digits/);
    expect(() => roundTo(NaN, 2)).toThrow(/finite/);
  });

  it("throws instead of looping forever on impossible constraints", () => {
    const rng = createRng(1);
    expect(() => distinctPair(rng, 0, 0.1, 2, 1)).toThrow(/could not draw/);
    expect(() => uniformAwayFromZero(rng, -0.1, 0.1, 0.5)).toThrow(/could not draw/);
    expect(() => distinctInts(rng, 5, 1, 3)).toThrow(/cannot draw 5 distinct/);
    expect(() => randomMatrix(rng, 0, 2)).toThrow(/positive integers/);
  });
});
