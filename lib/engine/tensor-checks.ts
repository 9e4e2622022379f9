import type { Tensor } from "./gradient-check";

// Reading a student's output against the engine's: exercise suites' check() and diagnose()
// receive outputs as plain data (numbers, nested arrays, anything) and ask the same few
// questions: does it have this shape, is it close to that, is it that times a constant? Kept
// here, next to the values they compare, so every package asks them the same way.

/** The shape of a number ([]) or a rectangular nested array of numbers; null for anything else. */
export function tensorShape(v: unknown): number[] | null {
  if (typeof v === "number") return [];
  if (!Array.isArray(v)) return null;
  const shapes = v.map(tensorShape);
  const first = shapes[0];
  if (first === undefined) return [0];
  if (first === null || shapes.some((s) => s === null || s.length !== first.length || s.some((d, i) => d !== first[i]))) return null;
  return [v.length, ...first];
}

/** Every number of a tensor-like value, in row-major order (empty for anything that is not one). */
export function flatNumbers(v: unknown): number[] {
  if (typeof v === "number") return [v];
  return Array.isArray(v) ? v.flatMap(flatNumbers) : [];
}

/** Same shape as `expected` and every element within rtol·|e| + atol (finite numbers only). */
export function allClose(actual: unknown, expected: Tensor, rtol: number, atol = 1e-12): boolean {
  const shape = tensorShape(actual);
  const want = tensorShape(expected);
  if (shape === null || want === null || shape.length !== want.length || shape.some((d, i) => d !== want[i])) return false;
  const a = flatNumbers(actual);
  const e = flatNumbers(expected);
  return a.every((x, i) => Number.isFinite(x) && Math.abs(x - (e[i] ?? NaN)) <= rtol * Math.abs(e[i] ?? NaN) + atol);
}

/**
 * The one constant k with actual ≈ k · expected everywhere (e.g. N when a /N is missing, −1 for a
 * sign error), or null when there is none: shapes differ, a value is not finite, or the ratios
 * disagree. Elements where expected is ~0 must be ~0 in actual too and say nothing about k.
 */
export function uniformRatio(actual: unknown, expected: Tensor, rtol = 1e-6): number | null {
  const shape = tensorShape(actual);
  const want = tensorShape(expected);
  if (shape === null || want === null || shape.length !== want.length || shape.some((d, i) => d !== want[i])) return null;
  const a = flatNumbers(actual);
  const e = flatNumbers(expected);
  const scale = Math.max(...e.map(Math.abs), 0);
  let k: number | null = null;
  for (let i = 0; i < e.length; i++) {
    const x = a[i] ?? NaN;
    const y = e[i] ?? NaN;
    if (!Number.isFinite(x)) return null;
    if (Math.abs(y) <= 1e-12 * scale) {
      if (Math.abs(x) > 1e-9 * Math.max(1, scale)) return null;
      continue;
    }
    const r = x / y;
    if (k === null) k = r;
    else if (Math.abs(r - k) > rtol * Math.max(1, Math.abs(k))) return null;
  }
  return k;
}

/** Is `k` (a ratio from uniformRatio) this constant, within rtol? */
export function isRatio(k: number | null, constant: number, rtol = 1e-6): boolean {
  return k !== null && Math.abs(k - constant) <= rtol * Math.max(1, Math.abs(constant));
}
