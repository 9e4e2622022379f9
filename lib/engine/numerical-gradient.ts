import { assertFinite, assertMatrix, assertVector } from "./matrix";

/** The book's step: small enough for truncation error, large enough to dodge float64 rounding. */
export const NUMERICAL_H = 1e-4;

/**
 * Central difference (f(x+h) - f(x-h)) / 2h for every element of x.
 * x is perturbed *in place*, one element at a time, and restored before the next, so f may
 * ignore its argument and close over x (the book's `loss_W = lambda W: net.loss(x, t)`).
 * Returns a new array of x's shape.
 */
export function numericalGradient(f: (x: number[]) => number, x: number[]): number[];
export function numericalGradient(f: (x: number[][]) => number, x: number[][]): number[][];
export function numericalGradient(f: (x: never) => number, x: number[] | number[][]): number[] | number[][] {
  // The overloads pair f's parameter type with x's; the implementation only ever passes x back.
  const call = f as (x: number[] | number[][]) => number;
  if (x.every((v): v is number => typeof v === "number")) {
    assertVector(x, "numericalGradient x");
    return x.map((_, i) => partial(() => call(x), x, i));
  }
  assertMatrix(x, "numericalGradient x");
  return x.map((row) => row.map((_, j) => partial(() => call(x), row, j)));
}

/** ∂f/∂arr[i], restoring arr[i] even if f throws. */
function partial(f: () => number, arr: number[], i: number): number {
  const original = arr[i];
  if (original === undefined) throw new Error(`numericalGradient: index ${i} out of range`);
  try {
    arr[i] = original + NUMERICAL_H;
    const fPlus = f();
    arr[i] = original - NUMERICAL_H;
    const fMinus = f();
    assertFinite(fPlus, `numericalGradient: f(x + h) at element ${i}`);
    assertFinite(fMinus, `numericalGradient: f(x - h) at element ${i}`);
    return (fPlus - fMinus) / (2 * NUMERICAL_H);
  } finally {
    arr[i] = original;
  }
}
