// Shared by the engine's tests only (not exported from index.ts).
import type { Matrix } from "./matrix";

/** Many seeds for property tests: each one draws its own shapes and values. */
export const SEEDS: readonly number[] = Array.from({ length: 30 }, (_, i) => i + 1);

/** Σ a ⊙ b. With b = dout, the gradient of x ↦ Σ forward(x) ⊙ dout is backward(dout). */
export function sumProduct(a: Matrix, b: Matrix): number {
  let s = 0;
  a.forEach((row, i) => row.forEach((v, j) => (s += v * (b[i]?.[j] ?? NaN))));
  return s;
}

/** Asserts two same-shaped nested arrays agree elementwise within a relative/absolute tolerance. */
export function closeTo(actual: number | number[] | number[][], expected: number | number[] | number[][], tol = 1e-9): boolean {
  if (typeof actual === "number" || typeof expected === "number") {
    return typeof actual === "number" && typeof expected === "number" && Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected));
  }
  if (actual.length !== expected.length) return false;
  return actual.every((a, i) => {
    const e = expected[i];
    return e !== undefined && closeTo(a, e, tol);
  });
}
