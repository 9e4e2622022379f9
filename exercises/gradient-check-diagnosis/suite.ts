import {
  gradientCheck,
  matmul,
  randomLabels,
  randomMatrix,
  randomVector,
  sumOverBatch,
  transpose,
  TwoLayerNet,
  type Matrix,
  type Rng,
  type TwoLayerNetParams,
} from "@/lib/engine";
import type { QuizSuite } from "@/lib/exercises/suite-types";

const PLACES = [
  { id: "affine1-dW", key: "option.affine1-dW" },
  { id: "affine1-db", key: "option.affine1-db" },
  { id: "relu", key: "option.relu" },
  { id: "affine2-dW", key: "option.affine2-dW" },
  { id: "affine2-db", key: "option.affine2-db" },
  { id: "softmax", key: "option.softmax" },
] as const;
type Place = (typeof PLACES)[number]["id"];

interface Params {
  bug: Place;
  params: TwoLayerNetParams;
  x: Matrix;
  t: number[];
}

const scale = (m: Matrix, k: number): Matrix => m.map((row) => row.map((v) => v * k));

/**
 * The classmate's gradient: the engine's backward pass, re-done step by step with one realistic
 * bug in the given place (unmasked dout, the pre-ReLU activation, a mean instead of a sum, or
 * SoftmaxWithLoss without the division by N).
 */
function buggyGradient(p: Params): TwoLayerNetParams {
  const n = p.x.length;
  const net = new TwoLayerNet(p.params);
  const correct = net.gradient(p.x, p.t);
  const pre = matmul(p.x, p.params.W1).map((row) => row.map((v, j) => v + (p.params.b1[j] ?? NaN)));
  const hidden = pre.map((row) => row.map((v) => Math.max(0, v)));
  const scores = matmul(hidden, p.params.W2).map((row) => row.map((v, j) => v + (p.params.b2[j] ?? NaN)));
  const dScores = scores.map((row, i) => {
    const max = Math.max(...row);
    const e = row.map((v) => Math.exp(v - max));
    const sum = e.reduce((s, v) => s + v, 0);
    return e.map((v, j) => (v / sum - (j === p.t[i] ? 1 : 0)) / n);
  });
  const dHidden = matmul(dScores, transpose(p.params.W2));
  switch (p.bug) {
    case "affine1-dW":
      return { ...correct, W1: matmul(transpose(p.x), dHidden) };
    case "affine1-db":
      return { ...correct, b1: correct.b1.map((v) => v / n) };
    case "relu":
      return { ...correct, W1: matmul(transpose(p.x), dHidden), b1: sumOverBatch(dHidden) };
    case "affine2-dW":
      return { ...correct, W2: matmul(transpose(pre), dScores) };
    case "affine2-db":
      return { ...correct, b2: correct.b2.map((v) => v / n) };
    case "softmax":
      return { W1: scale(correct.W1, n), b1: correct.b1.map((v) => v * n), W2: scale(correct.W2, n), b2: correct.b2.map((v) => v * n) };
  }
}

// present() and isClean() need the same report; variants are redrawn from the seed on every
// request, so memoize by content (bounded: a server lives long).
const reports = new Map<string, Record<keyof TwoLayerNetParams, number>>();

function report(p: Params): Record<keyof TwoLayerNetParams, number> {
  const key = JSON.stringify(p);
  const cached = reports.get(key);
  if (cached !== undefined) return cached;
  const computed = computeReport(p);
  if (reports.size > 500) reports.clear();
  reports.set(key, computed);
  return computed;
}

function computeReport(p: Params): Record<keyof TwoLayerNetParams, number> {
  const copy: TwoLayerNetParams = {
    W1: p.params.W1.map((r) => r.slice()),
    b1: p.params.b1.slice(),
    W2: p.params.W2.map((r) => r.slice()),
    b2: p.params.b2.slice(),
  };
  const numeric = new TwoLayerNet(copy).numericalGradient(p.x, p.t);
  const analytic = buggyGradient(p);
  return {
    W1: gradientCheck(analytic.W1, numeric.W1),
    b1: gradientCheck(analytic.b1, numeric.b1),
    W2: gradientCheck(analytic.W2, numeric.W2),
    b2: gradientCheck(analytic.b2, numeric.b2),
  };
}

function draw(rng: Rng, bug: Place): Params {
  const n = rng.int(3, 5);
  const [d, h, c] = [rng.int(2, 4), 5, 3];
  const params = { W1: randomMatrix(rng, d, h), b1: randomVector(rng, h, -0.5, 0.5), W2: randomMatrix(rng, h, c), b2: randomVector(rng, c, -0.5, 0.5) };
  return { bug, params, x: randomMatrix(rng, n, d, -2, 2), t: randomLabels(rng, n, c) };
}

/** Clean: every spoiled parameter is clearly wrong and every other one is float noise. */
function isClean(p: Params): boolean {
  const pre = matmul(p.x, p.params.W1).map((row) => row.map((v, j) => v + (p.params.b1[j] ?? NaN)));
  // Off ReLU's kink, with both signs present (a pre-ReLU bug must change something).
  if (pre.some((row) => row.some((v) => Math.abs(v) < 0.05))) return false;
  if (!pre.some((row) => row.some((v) => v < 0))) return false;
  const r = report(p);
  return Object.values(r).every((e) => e < 1e-5 || e > 5e-2);
}

const fmt = (e: number): string => (e === 0 ? "0" : e.toExponential(1));

const suite: QuizSuite<Params> = {
  kind: "choice",
  variant(rng) {
    const bug = rng.pick(PLACES).id;
    for (;;) {
      const p = draw(rng, bug);
      if (isClean(p)) return p;
    }
  },
  present: (p) => {
    const r = report(p);
    return {
      kind: "choice",
      vars: { N: p.x.length, W1: fmt(r.W1), b1: fmt(r.b1), W2: fmt(r.W2), b2: fmt(r.b2) },
      multiple: false,
      options: PLACES.map((place) => ({ id: place.id, label: { key: place.key } })),
    };
  },
  answer: (p) => ({ kind: "choice", selected: [p.bug] }),
  hint: () => ({ key: "hint" }),
};

export default suite;
