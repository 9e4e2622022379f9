import type { Matrix } from "./matrix";
import type { Rng } from "./rng";

// Helpers for drawing per-student parameters that do not hide bugs: x = y hides swapped
// gradients, tax = 1 hides a missing multiplication, batch size 1 hides a missing sum or /N,
// square shapes hide a transpose, and values near 0 sit on ReLU's kink.

const MAX_TRIES = 1000;

/** Draws until accept() holds; throws rather than loop forever on an impossible request. */
function drawUntil<T>(draw: () => T, accept: (v: T) => boolean, what: string): T {
  for (let i = 0; i < MAX_TRIES; i++) {
    const v = draw();
    if (accept(v)) return v;
  }
  throw new Error(`could not draw ${what} in ${MAX_TRIES} tries; the constraints are too tight`);
}

/** x rounded to `digits` decimals (friendly quiz numbers). */
export function roundTo(x: number, digits: number): number {
  if (!Number.isInteger(digits) || digits < 0 || digits > 15) throw new Error(`roundTo: digits must be an integer in [0, 15], got ${digits}`);
  if (!Number.isFinite(x)) throw new Error(`roundTo: x must be finite, got ${x}`);
  // toFixed rounds the exact decimal expansion; parseFloat drops trailing zeros.
  return parseFloat(x.toFixed(digits));
}

/** uniform in [lo, hi) with |value| >= minAbs (keeps ReLU inputs off the kink). */
export function uniformAwayFromZero(rng: Rng, lo: number, hi: number, minAbs: number): number {
  return drawUntil(() => rng.uniform(lo, hi), (v) => Math.abs(v) >= minAbs, `a value in [${lo}, ${hi}) with |v| >= ${minAbs}`);
}

/** rows × cols uniform in [lo, hi); with minAbs > 0 every entry has |v| >= minAbs. */
export function randomMatrix(rng: Rng, rows: number, cols: number, lo = -1, hi = 1, minAbs = 0): Matrix {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1) {
    throw new Error(`randomMatrix: shape must be positive integers, got ${rows}×${cols}`);
  }
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => uniformAwayFromZero(rng, lo, hi, minAbs)));
}

/** n values uniform in [lo, hi). */
export function randomVector(rng: Rng, n: number, lo = -1, hi = 1, minAbs = 0): number[] {
  const [row] = randomMatrix(rng, 1, n, lo, hi, minAbs);
  return row ?? [];
}

/** Two values in [lo, hi), rounded to `digits`, at least minGap apart (so swapping them shows). */
export function distinctPair(rng: Rng, lo: number, hi: number, digits = 2, minGap = 0.5): [number, number] {
  return drawUntil(
    (): [number, number] => [roundTo(rng.uniform(lo, hi), digits), roundTo(rng.uniform(lo, hi), digits)],
    ([x, y]) => Math.abs(x - y) >= minGap,
    `two values in [${lo}, ${hi}) at least ${minGap} apart`,
  );
}

/** Distinct integers in [lo, hi] (e.g. batch size, input and output sizes that differ). */
export function distinctInts(rng: Rng, count: number, lo: number, hi: number): number[] {
  if (!Number.isInteger(count) || count < 0 || count > hi - lo + 1) throw new Error(`distinctInts: cannot draw ${count} distinct integers from [${lo}, ${hi}]`);
  const all = Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
  return rng.shuffle(all).slice(0, count);
}

/** A non-square shape [rows, cols] with both in [lo, hi]; lo >= 2 also keeps batch size >= 2. */
export function nonSquareShape(rng: Rng, lo = 2, hi = 5): [rows: number, cols: number] {
  const [rows, cols] = distinctInts(rng, 2, lo, hi);
  if (rows === undefined || cols === undefined) throw new Error("nonSquareShape: range too small");
  return [rows, cols];
}

/** A tax rate in {1.05, 1.06, ..., 1.3}: never 1, so "forgot the tax" is visible. */
export function randomTax(rng: Rng): number {
  return roundTo(1 + rng.int(5, 30) / 100, 2);
}

/** n class indices in [0, classes), using at least two different classes when n >= 2. */
export function randomLabels(rng: Rng, n: number, classes: number): number[] {
  if (classes < 2) throw new Error(`randomLabels: need at least 2 classes, got ${classes}`);
  return drawUntil(
    () => Array.from({ length: n }, () => rng.int(0, classes - 1)),
    (labels) => n < 2 || new Set(labels).size > 1,
    `${n} labels`,
  );
}
