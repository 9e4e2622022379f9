import { matmul, randomLabels, randomMatrix, randomVector, TwoLayerNet, type Matrix, type Rng, type TwoLayerNetParams } from "@/lib/engine";
import type { CodeCase, CodeSuite } from "@/lib/exercises/suite-types";

interface Input {
  params: TwoLayerNetParams;
  x: Matrix;
  t: number[];
}

interface Output {
  loss: number;
  grads: TwoLayerNetParams;
}

/** Numerical gradients carry ~1e-7 relative noise (and the log's 1e-7): compare loosely, but far tighter than any bug. */
const RTOL = 1e-4;
const ATOL = 1e-7;
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
function randomCase(rng: Rng, name: string): CodeCase<Input> {
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
      return { name, input: { params, x, t: randomLabels(rng, n, c) } };
    }
  }
}

const suite: CodeSuite<Input, Output> = {
  kind: "code",
  driver: (mod, input) => {
    const Net = mod.TwoLayerNet as new (p: unknown) => { loss(x: number[][], t: number[]): unknown; gradient(x: number[][], t: number[]): unknown };
    const copy = (v: unknown): unknown => (Array.isArray(v) ? v.map(copy) : v);
    const params = { W1: copy(input.params.W1), b1: copy(input.params.b1), W2: copy(input.params.W2), b2: copy(input.params.b2) };
    const net = new Net(params);
    const loss = net.loss(input.x, input.t);
    const g = net.gradient(input.x, input.t) as Record<string, unknown> | null;
    const grads = g === null || typeof g !== "object" ? g : { W1: copy(g.W1), b1: copy(g.b1), W2: copy(g.W2), b2: copy(g.b2) };
    return { loss, grads };
  },
  publicCases: (rng) => [randomCase(rng, "small network"), randomCase(rng, "another small network")],
  hiddenCases: (rng) => Array.from({ length: 10 }, (_, i) => randomCase(rng, `random network ${i + 1}`)),
  expected: reference,
  check: (input, actual, e) => {
    if (actual === null || typeof actual !== "object") return ["the network did not produce outputs"];
    const a = actual as { loss?: unknown; grads?: unknown };
    const failures: string[] = [];
    const close = (v: unknown, ref: number): boolean => typeof v === "number" && Number.isFinite(v) && Math.abs(v - ref) <= RTOL * Math.abs(ref) + ATOL;
    if (!close(a.loss, e.loss)) failures.push("loss(x, t) is wrong");
    if (a.grads === null || typeof a.grads !== "object") return [...failures, "gradient must return { W1, b1, W2, b2 }"];
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
        failures.push(`gradient: ${key} must have the shape of the parameter ${key}`);
        continue;
      }
      const flatGot = (got as unknown[]).flat();
      if (!flatRef.every((r, i) => close(flatGot[i], r))) failures.push(`gradient: ${key} disagrees with the numerical gradient`);
    }
    return failures;
  },
  rtol: RTOL,
};

export default suite;
