import { numericalGradient, randomVector, type Rng } from "@/lib/engine";
import type { CodeCase, CodeSuite } from "@/lib/exercises/suite-types";

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
  return { grad: numericalGradient(f, x), xRestored: true };
}

function randomCase(rng: Rng, kind: FunctionKind, closure: boolean, name: string): CodeCase<Input> {
  const n = rng.int(2, 5);
  // |x| and |a| away from 0: the relative comparison needs partials well away from 0.
  return { name, input: { kind, closure, a: randomVector(rng, n, -3, 3, 0.5), x: randomVector(rng, n, -2.5, 2.5, 0.4) } };
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
    return { grad: Array.isArray(grad) ? grad.slice() : grad, xRestored };
  },
  publicCases: (rng) => [
    { name: "x0² + x1² at (3, 4)", input: { kind: "squares", closure: false, a: [1, 1], x: [3, 4] } },
    randomCase(rng, "coupled", false, "random coupled function"),
    randomCase(rng, "squares", true, "f reads x from its closure"),
  ],
  hiddenCases: (rng) => [
    randomCase(rng, "squares", false, "weighted squares (1)"),
    randomCase(rng, "squares", false, "weighted squares (2)"),
    randomCase(rng, "coupled", false, "coupled terms (1)"),
    randomCase(rng, "coupled", false, "coupled terms (2)"),
    randomCase(rng, "sines", false, "sines (1)"),
    randomCase(rng, "sines", false, "sines (2)"),
    randomCase(rng, "coupled", false, "coupled terms (3)"),
    randomCase(rng, "squares", false, "weighted squares (3)"),
    randomCase(rng, "squares", true, "f reads x from its closure (1)"),
    randomCase(rng, "coupled", true, "f reads x from its closure (2)"),
    randomCase(rng, "sines", true, "f reads x from its closure (3)"),
    randomCase(rng, "coupled", true, "f reads x from its closure (4)"),
  ],
  expected: reference,
  check: (input, actual, e) => {
    if (actual === null || typeof actual !== "object") return ["numericalGradient did not return a result"];
    const a = actual as Partial<Record<keyof Output, unknown>>;
    const failures: string[] = [];
    const grad = a.grad;
    if (!Array.isArray(grad) || grad.length !== e.grad.length) failures.push("the gradient must be a number[] as long as x");
    else if (grad.some((g) => typeof g !== "number" || !Number.isFinite(g))) failures.push("the gradient contains NaN, Infinity or a non-number");
    else if (!e.grad.every((v, i) => Math.abs((grad[i] as number) - v) <= RTOL * Math.abs(v) + ATOL)) {
      failures.push(input.closure ? "the gradient is wrong when f reads x from its closure" : `the gradient is wrong for the ${input.kind} function`);
    }
    if (a.xRestored !== true) failures.push("x is not restored to its original values after the call");
    return failures;
  },
  rtol: RTOL,
};

export default suite;
