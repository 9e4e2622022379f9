import { flatNumbers, gradientCheck, nonSquareShape, randomMatrix, randomVector, roundTo, type Rng, type Tensor } from "@/lib/engine";
import type { CodeCase, CodeSuite, Diagnosed, Text } from "@/lib/exercises/suite-types";

// Every text a student reads is a key of exercise.json `messages` (English and Korean there).
const numbered = (key: string, n: number): Text => ({ key: "case.numbered", params: { name: { key }, n } });

interface Input {
  /** What the case is about, named in failure messages: a key of exercise.json `messages`. */
  about: string;
  analytic: Tensor;
  numeric: Tensor;
}

const RTOL = 1e-9;

/**
 * numeric = analytic with a small relative noise per element, one element clearly worse: it
 * moves `direction` (+1: |n| > |a|, −1: |n| < |a|) and has the sign `sign`. Both are drawn per
 * case (kinds()), so the hidden set always has as many of each kind: a check that divides by |n|
 * alone, or forgets the absolute value, fails the same number of cases for every student.
 */
function perturbed(rng: Rng, values: number[], direction: number, sign: number): number[] {
  const bad = rng.int(0, values.length - 1);
  values[bad] = sign * Math.abs(values[bad] ?? 1);
  return values.map((v, i) => v * (1 + (i === bad ? direction * rng.uniform(0.05, 0.4) : rng.uniform(-1e-6, 1e-6))));
}

/**
 * The bad element's direction and sign for six cases, in random order: every combination, two of
 * them twice, so each kind of case (|n| below |a|, a below n, ...) comes the same number of times.
 */
function kinds(rng: Rng): { direction: number; sign: number }[] {
  const each = [[1, 1], [1, -1], [-1, 1], [-1, -1], [1, 1], [-1, -1]] as const;
  return rng.shuffle(each).map(([direction, sign]) => ({ direction, sign }));
}

function vectorCase(rng: Rng, name: Text, kind = { direction: rng.pick([-1, 1]), sign: rng.pick([-1, 1]) }): CodeCase<Input> {
  // Magnitudes from 1e-3 to 1e3, so relative and absolute errors disagree.
  const analytic = randomVector(rng, rng.int(3, 6), -1, 1, 0.1).map((v) => v * 10 ** rng.int(-3, 3));
  const numeric = perturbed(rng, analytic, kind.direction, kind.sign);
  return { name, input: { about: "about.vectors", analytic, numeric } };
}

function matrixCase(rng: Rng, name: Text, kind: { direction: number; sign: number }): CodeCase<Input> {
  const [rows, cols] = nonSquareShape(rng, 2, 4);
  const flatAnalytic = randomMatrix(rng, rows, cols, -1, 1, 0.1).flatMap((row) => row.map((v) => v * 10 ** rng.int(-2, 2)));
  const flatNumeric = perturbed(rng, flatAnalytic, kind.direction, kind.sign);
  const shape = (flat: number[]): number[][] => Array.from({ length: rows }, (_, i) => flat.slice(i * cols, (i + 1) * cols));
  return { name, input: { about: "about.matrices", analytic: shape(flatAnalytic), numeric: shape(flatNumeric) } };
}

function zerosCase(rng: Rng, name: Text, kind: { direction: number; sign: number }): CodeCase<Input> {
  // Two elements 0 in both (they count as agreement), the rest with a small error and one bad one.
  const analytic = randomVector(rng, rng.int(2, 4), -5, 5, 0.5);
  const numeric = perturbed(rng, analytic, kind.direction, kind.sign);
  for (let k = 0; k < 2; k++) {
    const at = rng.int(0, analytic.length);
    analytic.splice(at, 0, 0);
    numeric.splice(at, 0, 0);
  }
  return { name, input: { about: "about.zeros-in-both", analytic, numeric } };
}

const suite: CodeSuite<Input, number> = {
  kind: "code",
  driver: (mod, input) => {
    const check = mod.gradientCheck as (a: unknown, n: unknown) => unknown;
    return check(input.analytic, input.numeric);
  },
  publicCases: (rng) => [
    { name: { key: "case.two-elements" }, input: { about: "about.vectors", analytic: [1, 2], numeric: [1, 2.02] } },
    { name: { key: "case.zeros-agree" }, input: { about: "about.zeros-in-both", analytic: [[0, 3]], numeric: [[0, 3]] } },
    vectorCase(rng, { key: "case.random-vectors" }),
  ],
  hiddenCases: (rng) => {
    const a = roundTo(rng.uniform(2, 50), 3);
    const [k1, k2, k3, k4, k5, k6] = kinds(rng);
    return [
      vectorCase(rng, numbered("case.vectors", 1), k1),
      vectorCase(rng, numbered("case.vectors", 2), k2),
      vectorCase(rng, numbered("case.vectors", 3), k3),
      matrixCase(rng, numbered("case.matrices", 1), k4 ?? { direction: 1, sign: 1 }),
      matrixCase(rng, numbered("case.matrices", 2), k5 ?? { direction: 1, sign: 1 }),
      matrixCase(rng, numbered("case.matrices", 3), k6 ?? { direction: 1, sign: 1 }),
      { name: { key: "case.scalars" }, input: { about: "about.scalars", analytic: a, numeric: roundTo(a * rng.uniform(1.01, 1.3), 4) } },
      { name: { key: "case.one-side-zero" }, input: { about: "about.zero-one-side", analytic: [a, 0, -a], numeric: [a, roundTo(rng.uniform(0.01, 2), 3), -a] } },
      { name: { key: "case.other-side-zero" }, input: { about: "about.numeric-zero", analytic: [-a, roundTo(rng.uniform(0.01, 2), 3), a], numeric: [-a, 0, a] } },
      zerosCase(rng, numbered("case.zeros-in-both", 1), { direction: 1, sign: 1 }),
      zerosCase(rng, numbered("case.zeros-in-both", 2), { direction: -1, sign: -1 }),
      { name: { key: "case.all-zeros" }, input: { about: "about.all-zeros", analytic: [[0, 0, 0], [0, 0, 0]], numeric: [[0, 0, 0], [0, 0, 0]] } },
      { name: { key: "case.scalar-zeros" }, input: { about: "about.all-zeros", analytic: 0, numeric: 0 } },
    ];
  },
  expected: (input) => gradientCheck(input.analytic, input.numeric),
  diagnose: (input, actual, expected) => {
    // Every convention gives the same number on some inputs (0 for two zeros): only a wrong result says which one was used.
    if (typeof actual === "number" && Math.abs(actual - expected) <= RTOL * Math.abs(expected) + 1e-15) return [];
    const a = flatNumbers(input.analytic);
    const n = flatNumbers(input.numeric);
    const found: Diagnosed[] = [];
    const same = (x: number, y: number): boolean => Math.abs(x - y) <= 1e-9 * Math.abs(y) + 1e-15;
    const max = (xs: number[]): number => xs.reduce((m, x) => Math.max(m, x), 0);
    const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
    const ratio = (d: number, s: number): number => (s === 0 ? 0 : d / s);
    const diffs = a.map((x, i) => Math.abs(x - (n[i] ?? NaN)));
    const relative = diffs.map((d, i) => ratio(d, Math.max(Math.abs(a[i] ?? NaN), Math.abs(n[i] ?? NaN))));
    if (typeof actual === "number" && Number.isNaN(actual) && a.some((x, i) => x === 0 && n[i] === 0)) found.push("nan-on-zero");
    // A wrong matrix case whose result is NaN (or 0: every row's error was NaN and skipped): the rows were never flattened.
    if (Array.isArray(input.analytic) && Array.isArray(input.analytic[0]) && typeof actual === "number" && (Number.isNaN(actual) || actual === 0)) found.push("not-flattened");
    if (typeof actual !== "number" || Number.isNaN(actual)) return found;
    if (same(actual, mean(diffs))) found.push("book-mean-absolute");
    if (same(actual, max(diffs))) found.push("absolute-error");
    if (same(actual, mean(relative))) found.push("mean-not-max");
    if (same(actual, max(diffs.map((d, i) => ratio(d, Math.abs(a[i] ?? NaN) + Math.abs(n[i] ?? NaN)))))) found.push("sum-denominator");
    // One of the two gradients alone as the scale: Infinity (or 0) where that one is 0.
    const oneSided = (scale: number[]): number => max(diffs.map((d, i) => (scale[i] === 0 ? (d === 0 ? 0 : Infinity) : d / Math.abs(scale[i] ?? NaN))));
    const guarded = (scale: number[]): number => max(diffs.map((d, i) => ratio(d, Math.abs(scale[i] ?? NaN))));
    if ([oneSided(n), oneSided(a), guarded(n), guarded(a)].some((v) => actual === v || same(actual, v))) found.push("one-sided-denominator");
    const signed = max(a.map((x, i) => ratio(x - (n[i] ?? NaN), Math.max(Math.abs(x), Math.abs(n[i] ?? NaN)))));
    if (same(actual, signed)) found.push("signed-difference");
    return found;
  },
  check: (input, actual, expected) => {
    const about = { about: { key: input.about } };
    if (typeof actual !== "number") return [{ key: "check.not-a-number", params: about }];
    if (Number.isNaN(actual)) return [{ key: "check.nan", params: about }];
    if (!Number.isFinite(actual)) return [{ key: "check.infinity", params: about }];
    return Math.abs(actual - expected) <= RTOL * Math.abs(expected) + 1e-15 ? [] : [{ key: "check.wrong", params: about }];
  },
  rtol: RTOL,
};

export default suite;
