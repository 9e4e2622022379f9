import { allClose, randomMatrix, randomVector, roundTo, spiralData, tensorShape, TwoLayerNet, type Matrix, type Rng, type TwoLayerNetParams } from "@/lib/engine";
import type { CodeCase, CodeSuite, Diagnosed, Msg, Text } from "@/lib/exercises/suite-types";

// Every text a student reads is a key of exercise.json `messages` (English and Korean there).
const numbered = (key: string, n: number): Text => ({ key: "case.numbered", params: { name: { key }, n } });

/** One sgdStep on given numbers, or a whole training run on the spiral data set. */
type Input =
  | { kind: "step"; params: TwoLayerNetParams; grads: TwoLayerNetParams; lr: number }
  | { kind: "train"; x: Matrix; t: number[]; seed: number };

type Output = { after: TwoLayerNetParams } | { minAccuracy: number };

const KEYS = ["W1", "b1", "W2", "b2"] as const;
const RTOL = 1e-12;
/** The capstone's bar: the share of its own training points the trained network must classify. */
const MIN_ACCURACY = 0.9;
/** The recorded loss must fall to this share of where it started. */
const FALL = 0.5;
/** Spiral points per class (three classes). */
const POINTS = 40;

const stepped = (p: TwoLayerNetParams, g: TwoLayerNetParams, lr: number): TwoLayerNetParams => ({
  W1: p.W1.map((row, i) => row.map((v, j) => v - lr * (g.W1[i]?.[j] ?? NaN))),
  b1: p.b1.map((v, j) => v - lr * (g.b1[j] ?? NaN)),
  W2: p.W2.map((row, i) => row.map((v, j) => v - lr * (g.W2[i]?.[j] ?? NaN))),
  b2: p.b2.map((v, j) => v - lr * (g.b2[j] ?? NaN)),
});

function stepCase(rng: Rng, name: Text): CodeCase<Input> {
  const [d, h, c] = [rng.int(2, 4), rng.int(3, 6), 3];
  const params = { W1: randomMatrix(rng, d, h), b1: randomVector(rng, h), W2: randomMatrix(rng, h, c), b2: randomVector(rng, c) };
  // Gradients and a learning rate whose step is visible (lr ≠ 1, no gradient ~0).
  const grads = { W1: randomMatrix(rng, d, h, -1, 1, 0.1), b1: randomVector(rng, h, -1, 1, 0.1), W2: randomMatrix(rng, h, c, -1, 1, 0.1), b2: randomVector(rng, c, -1, 1, 0.1) };
  return { name, input: { kind: "step", params, grads, lr: roundTo(rng.pick([0.01, 0.05, 0.1, 0.3, 0.5, 2]) * rng.uniform(0.8, 1.2), 3) } };
}

function trainCase(rng: Rng, name: Text): CodeCase<Input> {
  const { x, t } = spiralData(rng, POINTS);
  return { name, points: 10, input: { kind: "train", x: x.map((row) => row.map((v) => roundTo(v, 6))), t, seed: rng.int(1, 1_000_000) } };
}

/** The trained network's accuracy on its training points, or why the returned value is not a network (a message). */
function accuracyOf(input: Extract<Input, { kind: "train" }>, params: unknown): number | Msg {
  const p = (params ?? {}) as Record<string, unknown>;
  const shapes = KEYS.map((k) => tensorShape(p[k]));
  const [w1, b1, w2, b2] = shapes;
  if (!w1 || !b1 || !w2 || !b2 || w1.length !== 2 || b1.length !== 1 || w2.length !== 2 || b2.length !== 1) return { key: "reason.not-network" };
  if (w1[0] !== 2 || w1[1] !== b1[0] || w2[0] !== b1[0] || w2[1] !== 3 || b2[0] !== 3) return { key: "reason.shapes" };
  if (KEYS.some((k) => [p[k]].flat(2).some((v) => typeof v !== "number" || !Number.isFinite(v)))) return { key: "reason.not-finite" };
  return new TwoLayerNet(p as unknown as TwoLayerNetParams).accuracy(input.x, input.t);
}

const mean = (xs: number[]): number => xs.reduce((s, v) => s + v, 0) / xs.length;

/**
 * The recorded losses as numbers: whether they fell (last tenth vs first tenth), rose, stayed put,
 * or jumped up often (more than 5 % of the steps raise the loss by over 1 %: an overshooting step).
 */
function lossesOf(raw: unknown): { values: number[]; finite: boolean; falls: boolean; rises: boolean; flat: boolean; unstable: boolean } {
  const values = Array.isArray(raw) ? raw.filter((v): v is number => typeof v === "number") : [];
  const finite = values.length > 0 && values.length === (raw as unknown[]).length && values.every(Number.isFinite);
  const tenth = Math.max(1, Math.floor(values.length / 10));
  const [first, last] = [mean(values.slice(0, tenth)), mean(values.slice(-tenth))];
  return {
    values,
    finite,
    falls: finite && values.length >= 10 && last <= FALL * first,
    rises: finite && values.length >= 2 && last > first,
    flat: finite && values.length >= 10 && Math.max(...values) - Math.min(...values) <= 1e-9 * Math.abs(first),
    unstable: finite && values.slice(1).filter((v, i) => v > 1.01 * (values[i] ?? Infinity)).length > 0.05 * (values.length - 1),
  };
}

const suite: CodeSuite<Input, Output> = {
  kind: "code",
  driver: (mod, input) => {
    if (input.kind === "step") {
      const sgdStep = mod.sgdStep as (p: unknown, g: unknown, lr: number) => unknown;
      const copy = (v: unknown): unknown => (Array.isArray(v) ? v.map(copy) : v);
      const params = { W1: copy(input.params.W1), b1: copy(input.params.b1), W2: copy(input.params.W2), b2: copy(input.params.b2) };
      const returned = sgdStep(params, input.grads, input.lr);
      return { after: params, returned: returned === undefined ? null : returned };
    }
    // A seeded random(): the same run every time for the same case (mulberry32).
    let state = input.seed >>> 0;
    const random = (): number => {
      state = (state + 0x6d2b79f5) >>> 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 15), z | 1);
      z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
      return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
    };
    const train = mod.train as (x: number[][], t: number[], random: () => number) => { params?: unknown; losses?: unknown } | null;
    const result = train(input.x.map((r) => r.slice()), input.t.slice(), random);
    const losses = result?.losses;
    // Only what the check reads: the parameters (as data) and the losses (at most 20,000).
    return { params: result?.params ?? null, losses: Array.isArray(losses) ? losses.slice(0, 20_000) : null };
  },
  publicCases: (rng) => [stepCase(rng, { key: "case.step" }), trainCase(rng, { key: "case.train" })],
  hiddenCases: (rng) => [...Array.from({ length: 9 }, (_, i) => stepCase(rng, numbered("case.step", i + 1))), trainCase(rng, { key: "case.train" })],
  expected: (input) => (input.kind === "step" ? { after: stepped(input.params, input.grads, input.lr) } : { minAccuracy: MIN_ACCURACY }),
  check: (input, actual, e) => {
    if (input.kind === "step") {
      const after = ((actual ?? {}) as { after?: Record<string, unknown> }).after ?? {};
      const want = (e as { after: TwoLayerNetParams }).after;
      return KEYS.flatMap((k): Text[] => (allClose(after[k], want[k], RTOL) ? [] : [{ key: "check.step", params: { k } }]));
    }
    const a = (actual ?? {}) as { params?: unknown; losses?: unknown };
    const failures: Text[] = [];
    const accuracy = accuracyOf(input, a.params);
    if (typeof accuracy !== "number") failures.push({ key: "check.train", params: { reason: accuracy } });
    else if (accuracy < MIN_ACCURACY) failures.push({ key: "check.accuracy", params: { percent: roundTo(100 * accuracy, 1), min: 100 * MIN_ACCURACY } });
    const losses = lossesOf(a.losses);
    if (!losses.finite) failures.push({ key: "check.losses" });
    else if (!losses.falls) failures.push({ key: "check.falls", params: { percent: 100 * FALL } });
    return failures;
  },
  diagnose: (input, actual, e) => {
    const found: Diagnosed[] = [];
    if (input.kind === "step") {
      const a = (actual ?? {}) as { after?: Record<string, unknown>; returned?: unknown };
      const after = a.after ?? {};
      const like = (p: TwoLayerNetParams): boolean => KEYS.every((k) => allClose(after[k], p[k], RTOL));
      if (like(stepped(input.params, input.grads, -input.lr))) found.push("ascent");
      if (like(stepped(input.params, input.grads, 1))) found.push("no-learning-rate");
      const returned = (a.returned ?? {}) as Record<string, unknown>;
      if (like(input.params) || KEYS.every((k) => allClose(returned[k], (e as { after: TwoLayerNetParams }).after[k], RTOL))) found.push("not-in-place");
      const want = (e as { after: TwoLayerNetParams }).after;
      if (allClose(after.W1, want.W1, RTOL) && allClose(after.W2, want.W2, RTOL) && allClose(after.b1, input.params.b1, RTOL) && allClose(after.b2, input.params.b2, RTOL)) found.push("biases-not-updated");
      return found;
    }
    const a = (actual ?? {}) as { params?: { W1?: unknown } | null; losses?: unknown };
    const losses = lossesOf(a.losses);
    const accuracy = accuracyOf(input, a.params);
    const w1 = Array.isArray(a.params?.W1) ? (a.params.W1 as unknown[][]) : [];
    // Every hidden unit has the same incoming weights: they started equal (0) and stay equal.
    const columns = (w1[0] ?? []).map((_, j) => w1.map((row) => row[j]));
    if (columns.length > 1 && columns.every((col) => allClose(col, columns[0] as number[], 1e-9))) found.push("symmetric-init");
    if (losses.flat) found.push("not-in-place");
    if (losses.values.length > 0 && losses.values.length < 10) found.push("losses-not-recorded");
    if (losses.unstable || losses.values.some((v) => !Number.isFinite(v)) || (typeof accuracy !== "number" && accuracy.key === "reason.not-finite")) found.push("diverged");
    if (losses.rises) found.push("ascent");
    const p = (a.params ?? {}) as { b1?: unknown; b2?: unknown };
    const zeros = (v: unknown): boolean => Array.isArray(v) && v.length > 0 && v.every((b) => b === 0);
    if (zeros(p.b1) && zeros(p.b2) && !losses.flat) found.push("biases-not-updated");
    if (losses.finite && !losses.rises && typeof accuracy === "number" && accuracy < MIN_ACCURACY) found.push("too-slow");
    return found;
  },
  rtol: RTOL,
};

export default suite;
