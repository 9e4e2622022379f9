import { gradientCheck, numericalGradient, randomMatrix, sigmoid, type Matrix, type Rng } from "@/lib/engine";
import type { CodeCase, CodeSuite, Diagnosed, Text } from "@/lib/exercises/suite-types";

// Three black-box layers, one with a subtle bug in its backward; the student's own gradient check
// must name it. Every layer is elementwise: y = scale · f(x), dx = dout · scale · f'(x).

const KINDS = ["sigmoid", "tanh", "softplus", "square", "leaky", "sine"] as const;
type Kind = (typeof KINDS)[number];

interface LayerSpec {
  kind: Kind;
  /** Multiplies the output (and so every gradient): a large one makes absolute errors mislead. */
  scale: number;
  /** This layer's backward has its kind's bug. */
  buggy: boolean;
}

interface Input {
  layers: LayerSpec[];
  x: Matrix;
}

const F: Record<Kind, (v: number) => number> = {
  sigmoid,
  tanh: Math.tanh,
  softplus: (v) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))),
  square: (v) => v * v,
  leaky: (v) => (v > 0 ? v : 0.1 * v),
  sine: Math.sin,
};

/** The right local derivative of each kind, and the subtly wrong one its buggy version uses. */
const RIGHT: Record<Kind, (v: number) => number> = {
  sigmoid: (v) => sigmoid(v) * (1 - sigmoid(v)),
  tanh: (v) => 1 - Math.tanh(v) ** 2,
  softplus: sigmoid,
  square: (v) => 2 * v,
  leaky: (v) => (v > 0 ? 1 : 0.1),
  sine: Math.cos,
};
const WRONG: Record<Kind, (v: number) => number> = {
  sigmoid: (v) => v * (1 - v), // the input where the output belongs
  tanh: (v) => 1 - Math.tanh(v), // the square forgotten
  softplus: (v) => sigmoid(v) * (1 - sigmoid(v)), // the sigmoid's derivative instead of the sigmoid
  square: (v) => v, // the factor 2 forgotten
  leaky: (v) => (v > 0 ? 1 : 0.01), // the slope of another leaky ReLU
  sine: (v) => -Math.cos(v), // a sign
};

/** What a gradient check of each layer finds (dout = ones, h = 1e-4), the way a student's would. */
function checks(input: Input): { relative: number; absolute: number; meanAbsolute: number; signed: number; largest: number }[] {
  return input.layers.map((spec) => {
    const x = input.x.map((r) => r.slice());
    const analytic = x.map((r) => r.map((v) => spec.scale * (spec.buggy ? WRONG : RIGHT)[spec.kind](v)));
    const numeric = numericalGradient((xx: number[][]) => xx.flat().reduce((s, v) => s + spec.scale * F[spec.kind](v), 0), x);
    const a = analytic.flat();
    const n = numeric.flat();
    const diffs = a.map((v, i) => Math.abs(v - (n[i] ?? NaN)));
    const scaleOf = (i: number): number => Math.max(Math.abs(a[i] ?? NaN), Math.abs(n[i] ?? NaN));
    return {
      relative: gradientCheck(analytic, numeric),
      absolute: Math.max(...diffs),
      meanAbsolute: diffs.reduce((s, d) => s + d, 0) / diffs.length,
      signed: Math.max(...a.map((v, i) => (v - (n[i] ?? NaN)) / scaleOf(i))),
      largest: Math.max(...a.map(Math.abs)),
    };
  });
}

const argmax = (xs: number[]): number => xs.reduce((best, v, i) => (v > (xs[best] ?? -Infinity) ? i : best), 0);

/**
 * Three different kinds; the one at `bug` is buggy. `misleading`: a correct layer with outputs
 * 10⁴ times larger and the buggy one 10⁶ times smaller, so that the largest *absolute* error (and
 * the largest mean absolute error) belongs to a correct layer.
 */
function randomCase(rng: Rng, name: Text, bug: number, misleading: boolean): CodeCase<Input> {
  for (;;) {
    const kinds = rng.shuffle(KINDS).slice(0, 3);
    const big = misleading ? [0, 1, 2].filter((i) => i !== bug)[rng.int(0, 1)] : -1;
    const layers = kinds.map((kind, i) => ({ kind, scale: i === bug && misleading ? 1e-6 : i === big ? 1e4 : 1, buggy: i === bug }));
    const [rows, cols] = [rng.int(2, 4), rng.int(3, 5)];
    // Away from the leaky ReLU's kink, with negative entries (the leaky bug only shows there).
    const x = randomMatrix(rng, rows, cols, -2, 2, 0.2);
    if (!x.flat().some((v) => v < 0)) continue;
    const input = { layers, x };
    const found = checks(input);
    // The bug stands out clearly under the course's convention; every other layer is float noise.
    const clear = argmax(found.map((c) => c.relative)) === bug && found.every((c, i) => (i === bug ? c.relative > 1e-2 : c.relative < 1e-6));
    const fools = argmax(found.map((c) => c.absolute)) !== bug && argmax(found.map((c) => c.meanAbsolute)) !== bug;
    if (clear && fools === misleading) return { name, input };
  }
}

const suite: CodeSuite<Input, number> = {
  kind: "code",
  driver: (mod, input) => {
    const sig = (v: number): number => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));
    // The same formulas as suite.ts's F, RIGHT and WRONG (the driver must be self-contained).
    const f: Record<string, (v: number) => number> = {
      sigmoid: sig,
      tanh: Math.tanh,
      softplus: (v) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))),
      square: (v) => v * v,
      leaky: (v) => (v > 0 ? v : 0.1 * v),
      sine: Math.sin,
    };
    const right: Record<string, (v: number) => number> = {
      sigmoid: (v) => sig(v) * (1 - sig(v)),
      tanh: (v) => 1 - Math.tanh(v) ** 2,
      softplus: sig,
      square: (v) => 2 * v,
      leaky: (v) => (v > 0 ? 1 : 0.1),
      sine: Math.cos,
    };
    const wrong: Record<string, (v: number) => number> = {
      sigmoid: (v) => v * (1 - v),
      tanh: (v) => 1 - Math.tanh(v),
      softplus: (v) => sig(v) * (1 - sig(v)),
      square: (v) => v,
      leaky: (v) => (v > 0 ? 1 : 0.01),
      sine: (v) => -Math.cos(v),
    };
    // Errors name a key of exercise.json `messages` ("msg:<key>"): the grader renders it per language.
    const matrix = (m: unknown, key: string): number[][] => {
      if (!Array.isArray(m) || !m.every((r) => Array.isArray(r) && r.every((v) => typeof v === "number"))) throw new TypeError(`msg:${key}`);
      return m;
    };
    // Black boxes: bound functions print as native code, and the layer's kind, scale and bug live
    // only in this closure.
    const make = (spec: { kind: string; scale: number; buggy: boolean }) => {
      const fn = f[spec.kind] as (v: number) => number;
      const d = (spec.buggy ? wrong : right)[spec.kind] as (v: number) => number;
      let last: number[][] | null = null;
      function forward(x: unknown): number[][] {
        const xs = matrix(x, "driver.x-not-matrix");
        last = xs.map((r) => r.slice());
        return xs.map((r) => r.map((v) => spec.scale * fn(v)));
      }
      function backward(dout: unknown): number[][] {
        const seen = last;
        if (seen === null) throw new Error("msg:driver.forward-first");
        const ds = matrix(dout, "driver.dout-not-matrix");
        return ds.map((r, i) => r.map((g, j) => g * spec.scale * d((seen[i] as number[])[j] as number)));
      }
      return Object.freeze({ forward: forward.bind(null), backward: backward.bind(null) });
    };
    const layers = input.layers.map(make);
    const find = mod.findBuggyLayer as (layers: unknown[], x: number[][]) => unknown;
    return find(layers, input.x.map((r) => r.slice()));
  },
  publicCases: (rng) => [randomCase(rng, { key: "case.three" }, rng.int(0, 2), false), randomCase(rng, { key: "case.three-large" }, rng.int(0, 2), true)],
  hiddenCases: (rng) => {
    // The buggy layer is at each position about as often, in random order: guessing a fixed
    // index scores the same for every student.
    const bugs = rng.shuffle([0, 0, 0, 1, 1, 1, 1, 2, 2, 2]);
    return bugs.map((bug, i) =>
      i < 6
        ? randomCase(rng, { key: "case.three-n", params: { n: i + 1 } }, bug, false)
        : randomCase(rng, { key: "case.three-large-n", params: { n: i - 5 } }, bug, true),
    );
  },
  expected: (input) => input.layers.findIndex((l) => l.buggy),
  check: (input, actual, expected) => {
    if (typeof actual !== "number" || !Number.isInteger(actual)) return [{ key: "check.not-index" }];
    if (actual < 0 || actual >= input.layers.length) return [{ key: "check.no-such-layer", params: { index: actual } }];
    return actual === expected ? [] : [{ key: "check.wrong-layer" }];
  },
  diagnose: (input, actual, expected) => {
    if (typeof actual !== "number" || actual === expected) return [];
    const found: Diagnosed[] = [];
    if (actual === expected + 1) found.push("one-based");
    const c = checks(input);
    if (actual === argmax(c.map((x) => x.absolute)) || actual === argmax(c.map((x) => x.meanAbsolute))) found.push("absolute-error");
    if (actual === argmax(c.map((x) => x.signed))) found.push("signed-difference");
    if (actual === argmax(c.map((x) => x.largest))) found.push("no-numerical-gradient");
    const correct = input.layers[actual] !== undefined && !input.layers[actual]?.buggy;
    if (correct && actual === 0) found.push("threshold-too-tight");
    if (correct) found.push("named-a-passing-layer");
    return found;
  },
};

export default suite;
