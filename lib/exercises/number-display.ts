// How a number reads to a student: rounded to what the item's tolerance makes meaningful, so a
// float's last bits (110.00000000000001) never show. One home for code results, quiz texts and
// graph figures (docs/decisions/125-readable-results.md).

/**
 * Significant digits worth showing under relative tolerance `rtol`: the digits the tolerance
 * decides, plus one guard digit (1e-6 → 8, 1e-4 → 6, 1e-3 → 5), between 3 and 15.
 */
export function significantDigits(rtol: number): number {
  if (!(rtol > 0) || !Number.isFinite(rtol)) return 15;
  return Math.min(15, Math.max(3, Math.ceil(-Math.log10(rtol) - 1e-9) + 2));
}

/** `n` rounded to `digits` significant digits; |n| ≤ atol reads as 0 (and -0 as 0). */
export function roundTo(n: number, digits: number, atol = 0): number {
  if (!Number.isFinite(n)) return n;
  if (Math.abs(n) <= atol) return 0;
  const d = Number.isFinite(digits) ? Math.min(17, Math.max(1, Math.round(digits))) : 15;
  const r = Number(n.toPrecision(d));
  return r === 0 ? 0 : r;
}

/** A number as a student reads it under `rtol` (JavaScript's shortest spelling of the rounded value). */
export function displayNumber(n: number, rtol: number, atol = 0): string {
  return String(roundTo(n, significantDigits(rtol), atol));
}

/** Noise cleanup for numbers that are inputs, not answers (a prompt's {{x}}): 12 significant digits. */
export function cleanNumber(n: number): string {
  return String(roundTo(n, 12));
}

/** Every number inside a value (objects, arrays) rounded to `digits`; everything else kept. */
export function roundDeep(v: unknown, digits: number, atol = 0): unknown {
  if (typeof v === "number") return roundTo(v, digits, atol);
  if (Array.isArray(v)) return v.map((x) => roundDeep(x, digits, atol));
  if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, roundDeep(x, digits, atol)]));
  }
  return v;
}

/** The tolerance as a percentage a sentence can show: 1e-6 → 0.0001, 1e-3 → 0.1. */
export function tolerancePercent(rtol: number): number {
  return Number((rtol * 100).toPrecision(3));
}
