import { allClose, isRatio, numericalGradient, NUMERICAL_H, randomVector, uniformRatio, type Rng } from "@/lib/engine";
import type { CodeCase, CodeSuite, Diagnosed, Text } from "@/lib/exercises/suite-types";

// Every text a student reads is a key of exercise.json `messages` (English and Korean there).
const numbered = (key: string, n: number): Text => ({ key: "case.numbered", params: { name: { key }, n } });

type FunctionKind = "squares" | "coupled" | "sines";

interface Input {
  kind: FunctionKind;
  /** f reads x from its closure and ignores its argument (the book's loss_W). */
  closure: boolean;
  a: number[];
  x: number[];
}

interface Output {
  grad: number[];
  /** Is the caller's x unchanged after the call? */
  xRestored: boolean;
  /** The largest |x[i] after − x[i] before| (0 when restored; ~1e-16 for a rounding error). */
  xDrift: number;
}

const RTOL = 1e-6;
const ATOL = 1e-8;

/** The same formulas as the driver's (which must be self-contained, hence the copy). */
function evaluate(kind: FunctionKind, a: number[], x: number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] ?? NaN;
    const ai = a[i] ?? NaN;
    if (kind === "squares") s += ai * xi * xi;
    else if (kind === "coupled") s += ai * xi * xi + xi * (x[(i + 1) % x.length] ?? NaN);
    else s += Math.sin(ai * xi);
  }
  return s;
}

function reference(input: Input): Output {
  const x = input.x.slice();
  const f = input.closure ? (): number => evaluate(input.kind, input.a, x) : (arg: number[]): number => evaluate(input.kind, input.a, arg);
  return { grad: numericalGradient(f, x), xRestored: true, xDrift: 0 };
}

/** The forward difference (f(x + h) − f(x)) / h, for the forward-difference diagnosis. */
function forwardDifference(input: Input): number[] {
  return input.x.map((xi, i) => {
    const plus = input.x.slice();
    plus[i] = xi + NUMERICAL_H;
    return (evaluate(input.kind, input.a, plus) - evaluate(input.kind, input.a, input.x)) / NUMERICAL_H;
  });
}

/** Below this drift, x was "restored" up to the last bits of a float64: a rounding error. */
const ROUNDING = 1e-12;

/** Does putting v back by arithmetic (+h, −2h, +h) miss it in the last bits? About 1 value in 4 does. */
const drifts = (v: number): boolean => v + NUMERICAL_H - 2 * NUMERICAL_H + NUMERICAL_H !== v;

function randomCase(rng: Rng, kind: FunctionKind, closure: boolean, name: Text): CodeCase<Input> {
  const n = rng.int(2, 5);
  // |x| and |a| away from 0: the relative comparison needs partials well away from 0. Every case
  // has an x[i] that arithmetic restoring misses, so that mistake fails every case, not a few.
  for (;;) {
    const x = randomVector(rng, n, -2.5, 2.5, 0.4);
    if (x.some(drifts)) return { name, input: { kind, closure, a: randomVector(rng, n, -3, 3, 0.5), x } };
  }
}

const suite: CodeSuite<Input, Output> = {
  kind: "code",
  driver: (mod, input) => {
    const numericalGradientFn = mod.numericalGradient as (f: (x: number[]) => number, x: number[]) => unknown;
    const a = input.a;
    const evaluateAt = (x: number[]): number => {
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        const xi = x[i] as number;
        if (input.kind === "squares") s += (a[i] as number) * xi * xi;
        else if (input.kind === "coupled") s += (a[i] as number) * xi * xi + xi * (x[(i + 1) % x.length] as number);
        else s += Math.sin((a[i] as number) * xi);
      }
      return s;
    };
    const x = input.x.slice();
    const before = x.slice();
    const f = input.closure ? (): number => evaluateAt(x) : (arg: number[]): number => evaluateAt(arg);
    const grad = numericalGradientFn(f, x);
    const xRestored = x.length === before.length && x.every((v, i) => v === before[i]);
    const xDrift = x.length === before.length ? Math.max(0, ...x.map((v, i) => Math.abs(v - (before[i] as number)))) : Infinity;
    return { grad: Array.isArray(grad) ? grad.slice() : grad, xRestored, xDrift };
  },
  publicCases: (rng) => [
    { name: { key: "case.book" }, input: { kind: "squares", closure: false, a: [1, 1], x: [3, 4] } },
    randomCase(rng, "coupled", false, { key: "case.random-coupled" }),
    randomCase(rng, "squares", true, { key: "case.closure" }),
  ],
  hiddenCases: (rng) => [
    randomCase(rng, "squares", false, numbered("case.squares", 1)),
    randomCase(rng, "squares", false, numbered("case.squares", 2)),
    randomCase(rng, "coupled", false, numbered("case.coupled", 1)),
    randomCase(rng, "coupled", false, numbered("case.coupled", 2)),
    randomCase(rng, "sines", false, numbered("case.sines", 1)),
    randomCase(rng, "sines", false, numbered("case.sines", 2)),
    randomCase(rng, "coupled", false, numbered("case.coupled", 3)),
    randomCase(rng, "squares", false, numbered("case.squares", 3)),
    randomCase(rng, "squares", true, numbered("case.closure", 1)),
    randomCase(rng, "coupled", true, numbered("case.closure", 2)),
    randomCase(rng, "sines", true, numbered("case.closure", 3)),
    randomCase(rng, "coupled", true, numbered("case.closure", 4)),
  ],
  expected: reference,
  check: (input, actual, e) => {
    if (actual === null || typeof actual !== "object") return [{ key: "check.no-result" }];
    const a = actual as Partial<Record<keyof Output, unknown>>;
    const failures: Text[] = [];
    const grad = a.grad;
    if (!Array.isArray(grad) || grad.length !== e.grad.length) failures.push({ key: "check.grad-shape" });
    else if (grad.some((g) => typeof g !== "number" || !Number.isFinite(g))) failures.push({ key: "check.grad-finite" });
    else if (!e.grad.every((v, i) => Math.abs((grad[i] as number) - v) <= RTOL * Math.abs(v) + ATOL)) {
      failures.push({ key: input.closure ? "check.wrong-closure" : `check.wrong-${input.kind}` });
    }
    if (a.xRestored !== true) {
      const drift = typeof a.xDrift === "number" ? a.xDrift : Infinity;
      failures.push({ key: drift < ROUNDING ? "check.x-last-bits" : "check.x-not-restored" });
    }
    return failures;
  },
  diagnose: (input, actual, e) => {
    const a = (actual ?? {}) as Partial<Record<keyof Output, unknown>>;
    const grad = a.grad;
    const drift = typeof a.xDrift === "number" ? a.xDrift : Infinity;
    const found: Diagnosed[] = [];
    const gradRight = allClose(grad, e.grad, RTOL, ATOL);
    const zeros = Array.isArray(grad) && grad.length > 0 && grad.every((g) => g === 0);
    if (a.xRestored === false && gradRight && drift < ROUNDING) found.push("float-drift");
    // x left at x[i] − h (or + h): the restore is missing, not a rounding error.
    if (a.xRestored === false && drift > NUMERICAL_H / 2 && drift < 3 * NUMERICAL_H) found.push("not-restored");
    const fwd = forwardDifference(input);
    if (allClose(grad, fwd, 1e-6, ATOL) || allClose(grad, fwd.map((g) => g / 2), 1e-6, ATOL)) found.push("forward-difference");
    const k = uniformRatio(grad, e.grad, 1e-5);
    if (isRatio(k, 2, 1e-5)) found.push("divides-by-h");
    if (isRatio(k, -1, 1e-5)) found.push("reversed-difference");
    if (input.closure && zeros && a.xRestored === true) found.push("copies-x");
    // Right for polynomials (the central difference is exact for quadratics), a little off for
    // sines: the truncation error of a large h.
    if (input.kind === "sines" && a.xRestored === true && !gradRight && allClose(grad, e.grad, 0.05, ATOL)) found.push("large-h");
    if (zeros) found.push("tiny-h");
    return found;
  },
  rtol: RTOL,
};

export default suite;
