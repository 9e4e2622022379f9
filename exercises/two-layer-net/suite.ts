import {
  allClose,
  isRatio,
  matmul,
  randomLabels,
  randomMatrix,
  randomVector,
  sumOverBatch,
  tensorShape,
  transpose,
  TwoLayerNet,
  uniformRatio,
  type Matrix,
  type Rng,
  type TwoLayerNetParams,
} from "@/lib/engine";
import type { CodeCase, CodeSuite, Diagnosed, Text } from "@/lib/exercises/suite-types";

// Every text a student reads is a key of exercise.json `messages` (English and Korean there).
const numbered = (key: string, n: number): Text => ({ key: "case.numbered", params: { name: { key }, n } });

interface Batch {
  x: Matrix;
  t: number[];
}

interface Input extends Batch {
  params: TwoLayerNetParams;
  /**
   * Another batch whose loss the same network computes just before gradient(x, t); null: the
   * network is new and gradient() is its first call. Either way a gradient() that does not run
   * its own forward pass on (x, t) gets it wrong.
   */
  before: Batch | null;
}

interface Output {
  loss: number;
  grads: TwoLayerNetParams;
}

/** Numerical gradients carry ~1e-7 relative noise (and the log's 1e-7): compare loosely, but far tighter than any bug. */
const RTOL = 1e-4;
const ATOL = 1e-7;
/**
 * Gradient entries get more absolute slack: the loss takes log(y + 1e-7), which the analytic
 * gradient (−1/y) leaves out, a difference of about 1e-7/y per sample (measured up to 3.5e-7 on
 * b2 entries of 1e-3). Bugs move gradients by whole percent.
 */
const GRAD_ATOL = 2e-6;
const KEYS = ["W1", "b1", "W2", "b2"] as const;

const cloneParams = (p: TwoLayerNetParams): TwoLayerNetParams => ({
  W1: p.W1.map((r) => r.slice()),
  b1: p.b1.slice(),
  W2: p.W2.map((r) => r.slice()),
  b2: p.b2.slice(),
});

/** The reference is the engine's *numerical* gradient: the hidden test is a gradient check. */
function reference(input: Input): Output {
  const net = new TwoLayerNet(cloneParams(input.params));
  return { loss: net.loss(input.x, input.t), grads: net.numericalGradient(input.x, input.t) };
}

/**
 * Small random networks: input, hidden, classes and batch sizes differ (square shapes hide
 * transposes, batch 1 hides /N), and every hidden pre-activation is off ReLU's kink (|v| ≥ 0.05)
 * with both signs present, so the numerical gradient is exact there and a skipped ReLU shows.
 */
function randomCase(rng: Rng, name: Text, withBatchBefore: boolean): CodeCase<Input> {
  for (;;) {
    const d = rng.int(2, 4);
    const h = rng.int(5, 6);
    const c = 3;
    const n = rng.int(2, 5);
    if (n === d || n === c) continue;
    // Moderate output weights keep every class probability well above the log's 1e-7.
    const params = { W1: randomMatrix(rng, d, h), b1: randomVector(rng, h, -0.5, 0.5), W2: randomMatrix(rng, h, c, -0.5, 0.5), b2: randomVector(rng, c, -0.2, 0.2) };
    const x = randomMatrix(rng, n, d, -1.5, 1.5);
    const pre = matmul(x, params.W1).map((row) => row.map((v, j) => v + (params.b1[j] ?? NaN)));
    const cells = pre.flat();
    if (cells.every((v) => Math.abs(v) >= 0.05) && cells.some((v) => v < 0) && cells.some((v) => v > 0)) {
      const before = withBatchBefore ? { x: randomMatrix(rng, n, d, -1.5, 1.5), t: randomLabels(rng, n, c) } : null;
      return { name, input: { params, x, t: randomLabels(rng, n, c), before } };
    }
  }
}

/** The analytic gradient on a batch with the engine (for the diagnoses; the grade uses the numerical one). */
const analytic = (params: TwoLayerNetParams, batch: Batch): TwoLayerNetParams => new TwoLayerNet(cloneParams(params)).gradient(batch.x, batch.t);

/** The gradient a backward pass without the ReLU's mask, or with W2's gradient from the pre-ReLU values, gives. */
function variantGradients(input: Input): { skipRelu: TwoLayerNetParams; preReluInput: TwoLayerNetParams } {
  const { params, x, t } = input;
  const n = x.length;
  const pre = matmul(x, params.W1).map((row) => row.map((v, j) => v + (params.b1[j] ?? NaN)));
  const hidden = pre.map((row) => row.map((v) => Math.max(0, v)));
  const scores = matmul(hidden, params.W2).map((row) => row.map((v, j) => v + (params.b2[j] ?? NaN)));
  const dScores = scores.map((row, i) => {
    const max = Math.max(...row);
    const e = row.map((v) => Math.exp(v - max));
    const sum = e.reduce((s, v) => s + v, 0);
    return e.map((v, k) => (v / sum - (k === t[i] ? 1 : 0)) / n);
  });
  const dHidden = matmul(dScores, transpose(params.W2));
  const right = analytic(params, input);
  return {
    skipRelu: { ...right, W1: matmul(transpose(x), dHidden), b1: sumOverBatch(dHidden) },
    preReluInput: { ...right, W2: matmul(transpose(pre), dScores) },
  };
}

const suite: CodeSuite<Input, Output> = {
  kind: "code",
  driver: (mod, input) => {
    const Net = mod.TwoLayerNet as new (p: unknown) => { loss(x: number[][], t: number[]): unknown; gradient(x: number[][], t: number[]): unknown };
    const copy = (v: unknown): unknown => (Array.isArray(v) ? v.map(copy) : v);
    const params = { W1: copy(input.params.W1), b1: copy(input.params.b1), W2: copy(input.params.W2), b2: copy(input.params.b2) };
    const loss = new Net({ W1: copy(params.W1), b1: copy(params.b1), W2: copy(params.W2), b2: copy(params.b2) }).loss(input.x, input.t);
    const net = new Net(params);
    if (input.before !== null) net.loss(input.before.x, input.before.t);
    const g = net.gradient(input.x, input.t) as Record<string, unknown> | null;
    const grads = g === null || typeof g !== "object" ? g : { W1: copy(g.W1), b1: copy(g.b1), W2: copy(g.W2), b2: copy(g.b2) };
    return { loss, grads };
  },
  publicCases: (rng) => [randomCase(rng, { key: "case.new-network" }, false), randomCase(rng, { key: "case.after-loss" }, true)],
  hiddenCases: (rng) => [
    ...Array.from({ length: 5 }, (_, i) => randomCase(rng, numbered("case.new-network", i + 1), false)),
    ...Array.from({ length: 5 }, (_, i) => randomCase(rng, numbered("case.after-loss", i + 1), true)),
  ],
  expected: reference,
  check: (input, actual, e) => {
    if (actual === null || typeof actual !== "object") return [{ key: "check.no-output" }];
    const a = actual as { loss?: unknown; grads?: unknown };
    const failures: Text[] = [];
    const close = (v: unknown, ref: number): boolean => typeof v === "number" && Number.isFinite(v) && Math.abs(v - ref) <= RTOL * Math.abs(ref) + ATOL;
    if (!close(a.loss, e.loss)) failures.push({ key: "check.loss-wrong" });
    if (a.grads === null || typeof a.grads !== "object") return [...failures, { key: "check.grads-object" }];
    const grads = a.grads as Record<string, unknown>;
    for (const key of KEYS) {
      const ref: number[] | Matrix = e.grads[key];
      const got = grads[key];
      const flatRef = ref.flat();
      const shapeOk =
        Array.isArray(got) &&
        got.length === ref.length &&
        ref.every((r, i) => (Array.isArray(r) ? Array.isArray(got[i]) && (got[i] as unknown[]).length === r.length : !Array.isArray(got[i])));
      if (!shapeOk) {
        failures.push({ key: "check.grad-shape", params: { key } });
        continue;
      }
      const flatGot = (got as unknown[]).flat();
      // The numerical gradient's truncation error (h² terms) scales with the whole matrix, not
      // with each entry: an entry 1,000 times smaller than its neighbours carries their absolute
      // error (measured: 2e-7 on an entry of 2.7e-4 beside 1.1). Compared against a hundredth of
      // the matrix's largest entry at least, far tighter than any backpropagation bug.
      const scale = 0.01 * Math.max(...flatRef.map((r) => Math.abs(r)));
      const near = (v: unknown, r: number): boolean => typeof v === "number" && Number.isFinite(v) && Math.abs(v - r) <= RTOL * Math.max(Math.abs(r), scale) + GRAD_ATOL;
      if (!flatRef.every((r, i) => near(flatGot[i], r))) failures.push({ key: "check.grad-numeric", params: { key } });
    }
    return failures;
  },
  diagnose: (input, actual, e) => {
    const a = (actual ?? {}) as { loss?: unknown; grads?: Record<string, unknown> | null };
    const g = a.grads ?? {};
    const n = input.x.length;
    const found: Diagnosed[] = [];
    const close = (got: unknown, want: TwoLayerNetParams, keys: readonly (keyof TwoLayerNetParams)[]): boolean => keys.every((k) => allClose(g[k], want[k], RTOL, ATOL));
    const ratio = (keys: readonly (keyof TwoLayerNetParams)[]): number | null => {
      const ks = keys.map((k) => uniformRatio(g[k], e.grads[k], 1e-3));
      return ks.every((k) => k !== null && ks[0] !== null && Math.abs(k - (ks[0] as number)) <= 1e-3 * Math.abs(ks[0] as number)) ? (ks[0] ?? null) : null;
    };
    const gradsRight = close(g, e.grads, KEYS);
    const lossRight = typeof a.loss === "number" && Math.abs(a.loss - e.loss) <= RTOL * Math.abs(e.loss) + ATOL;
    if (input.before !== null && !gradsRight && close(g, analytic(input.params, input.before), KEYS)) found.push("stale-forward");
    if (isRatio(ratio(["W1", "W2"]), n, 1e-3)) found.push("no-divide-n");
    if (isRatio(ratio(KEYS), -1, 1e-3)) found.push("softmax-sign");
    if (close(g, e.grads, ["W1", "W2"]) && isRatio(ratio(["b1", "b2"]), 1 / n, 1e-3)) found.push("db-mean");
    const { skipRelu, preReluInput } = variantGradients(input);
    if (!gradsRight && close(g, skipRelu, KEYS)) found.push("skip-relu");
    if (!gradsRight && close(g, preReluInput, KEYS)) found.push("pre-relu-input");
    // A bias gradient with one entry per example: summed over the wrong axis.
    for (const [key, units] of [["b1", e.grads.b1.length], ["b2", e.grads.b2.length]] as const) {
      const shape = tensorShape(g[key]);
      if (shape !== null && shape.length === 1 && shape[0] === n && n !== units) {
        found.push({ id: "db-wrong-axis", message: { key: "diag.db-wrong-axis", params: { key, n, units } } });
        break;
      }
    }
    if (gradsRight && !lossRight && typeof a.loss === "number" && Math.abs(a.loss - n * e.loss) <= 1e-6 * n * Math.abs(e.loss)) found.push("loss-sum");
    return found;
  },
  rtol: RTOL,
};

export default suite;
