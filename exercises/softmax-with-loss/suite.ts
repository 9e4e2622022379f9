import { allClose, isRatio, mapMatrix, nonSquareShape, oneHot, randomLabels, randomMatrix, roundTo, SoftmaxWithLoss, uniformRatio, type Matrix, type Rng } from "@/lib/engine";
import type { CodeCase, CodeSuite, Diagnosed, Text } from "@/lib/exercises/suite-types";

// Every text a student reads is a key of exercise.json `messages` (English and Korean there).
const numbered = (key: string, n: number): Text => ({ key: "case.numbered", params: { name: { key }, n } });

interface Input {
  x: Matrix;
  /** Class indices or one-hot rows. */
  t: number[] | Matrix;
  /** The upstream gradient given to backward (1 when the layer is the last one). */
  dout: number;
  /**
   * A second SoftmaxWithLoss used at once (forward, forward, backward, backward: two heads, or a
   * training and a validation batch): each object must keep its own y and t. Only the first
   * layer's results are graded.
   */
  other?: { x: Matrix; t: number[] | Matrix; dout: number };
}

interface Output {
  loss: number;
  dx: Matrix;
  /** The numerical gradient of the layer's own loss (the reference's equals its dx). */
  numericDx: Matrix;
}

const DX_RTOL = 1e-9;
/** Loosened for the loss only: log(y) and the book's log(y + 1e-7) differ by ~1e-7 / y. */
const LOSS_RTOL = 1e-4;

function reference(input: Input): Output {
  const layer = new SoftmaxWithLoss();
  const loss = layer.forward(input.x, input.t);
  const dx = layer.backward(input.dout);
  return { loss, dx, numericDx: dx };
}

/** Labels as class indices, whichever way they were given. */
const labelsOf = (t: number[] | Matrix): number[] => t.map((row) => (Array.isArray(row) ? row.indexOf(1) : row));

/** A softmax normalised over the whole batch (one sum for every row), for that diagnosis. */
function batchSoftmaxGradient(input: Input): Matrix {
  const max = Math.max(...input.x.flat());
  const e = input.x.map((row) => row.map((v) => Math.exp(v - max)));
  const total = e.flat().reduce((s, v) => s + v, 0);
  const labels = labelsOf(input.t);
  const n = input.x.length;
  return e.map((row, i) => row.map((v, k) => ((v / total - (labels[i] === k ? 1 : 0)) / n) * input.dout));
}

/** Batch N ≥ 2 with N ≠ classes (batch 1 hides a missing /N), at least two different labels. */
function randomCase(rng: Rng, name: Text, options: { offset?: number; oneHot?: boolean } = {}): CodeCase<Input> {
  const [n, classes] = nonSquareShape(rng, 2, 6);
  const x = randomMatrix(rng, n, classes, -3, 3).map((row) => row.map((v) => v + (options.offset ?? 0)));
  const labels = randomLabels(rng, n, classes);
  // An upstream gradient other than 1 (the layer used inside a bigger loss, or a scaled loss).
  const dout = roundTo(rng.pick([-1, 1]) * rng.uniform(0.3, 3), 2);
  return { name, input: { x, t: options.oneHot ? oneHot(labels, classes) : labels, dout: Math.abs(dout - 1) < 0.2 ? 2 : dout } };
}

/** Two layers at once: the second has the first's shape, other logits and labels. */
function twoLayers(rng: Rng, name: Text): CodeCase<Input> {
  const c = randomCase(rng, name);
  const [n, classes] = [c.input.x.length, c.input.x[0]?.length ?? 2];
  const other = { x: randomMatrix(rng, n, classes, -3, 3), t: randomLabels(rng, n, classes), dout: roundTo(rng.uniform(0.3, 3), 2) };
  return { name, input: { ...c.input, other } };
}

const suite: CodeSuite<Input, Output> = {
  kind: "code",
  driver: (mod, input) => {
    const Layer = mod.SoftmaxWithLoss as new () => { forward(x: number[][], t: unknown): unknown; backward(dout?: number): unknown };
    const snap = (v: unknown): unknown => (Array.isArray(v) ? v.map((r: unknown) => (Array.isArray(r) ? r.slice() : r)) : v);
    // A gradient check of the student's own layer: dout · d loss / dx by central differences.
    const h = 1e-4;
    const lossAt = (xx: number[][]): number => Number(new Layer().forward(xx, input.t));
    const numeric = input.x.map((r, i) => r.map((v, j) => {
      const plus = input.x.map((row) => row.slice());
      const minus = input.x.map((row) => row.slice());
      (plus[i] as number[])[j] = v + h;
      (minus[i] as number[])[j] = v - h;
      return (input.dout * (lossAt(plus) - lossAt(minus))) / (2 * h);
    }));
    const layer = new Layer();
    const second = input.other ? new Layer() : null;
    const loss = layer.forward(input.x, input.t);
    if (second && input.other) second.forward(input.other.x, input.other.t);
    const dx = snap(layer.backward(input.dout));
    if (second && input.other) second.backward(input.other.dout);
    return { loss, dx, numericDx: numeric };
  },
  publicCases: (rng) => [
    { name: { key: "case.book" }, input: { x: [[0.3, 2.9, 4.0]], t: [2], dout: 1 } },
    randomCase(rng, { key: "case.indices" }),
    randomCase(rng, { key: "case.one-hot" }, { oneHot: true }),
    twoLayers(rng, { key: "case.two-layers" }),
  ],
  hiddenCases: (rng) => [
    ...Array.from({ length: 4 }, (_, i) => randomCase(rng, { key: "case.hidden-indices", params: { n: i + 1 } })),
    ...Array.from({ length: 4 }, (_, i) => randomCase(rng, { key: "case.hidden-one-hot", params: { n: i + 1 } }, { oneHot: true })),
    randomCase(rng, { key: "case.overflow" }, { offset: rng.pick([800, 1000]) }),
    randomCase(rng, { key: "case.underflow" }, { offset: -rng.pick([800, 1000]), oneHot: true }),
    twoLayers(rng, numbered("case.two-layers", 1)),
    twoLayers(rng, numbered("case.two-layers", 2)),
  ],
  expected: reference,
  check: (input, actual, e) => {
    if (actual === null || typeof actual !== "object") return [{ key: "check.no-output" }];
    const a = actual as Partial<Record<keyof Output, unknown>>;
    const large = input.x.some((r) => r.some((v) => Math.abs(v) >= 100));
    const where: Text = large ? { key: "where.large" } : "";
    const failures: Text[] = [];
    let lossOk = true;
    if (typeof a.loss !== "number" || !Number.isFinite(a.loss)) {
      failures.push({ key: "check.loss-not-finite", params: { where } });
      lossOk = false;
    } else if (Math.abs(a.loss - e.loss) > LOSS_RTOL * Math.abs(e.loss) + 1e-12) {
      failures.push({ key: "check.loss-wrong", params: { where } });
      lossOk = false;
    }
    const dx = a.dx;
    if (!Array.isArray(dx) || dx.length !== e.dx.length || !e.dx.every((r, i) => Array.isArray(dx[i]) && (dx[i] as unknown[]).length === r.length)) {
      failures.push({ key: "check.dx-shape" });
    } else {
      const cells = e.dx.flatMap((r, i) => r.map((v, j) => [(dx[i] as unknown[])[j], v] as const));
      if (cells.some(([c]) => typeof c !== "number" || !Number.isFinite(c))) failures.push({ key: "check.dx-not-finite", params: { where } });
      else if (!cells.every(([c, v]) => Math.abs((c as number) - v) <= DX_RTOL * Math.abs(v) + 1e-12)) failures.push({ key: "check.dx-wrong", params: { where } });
    }
    if (input.other && failures.length > 0) failures.push({ key: "check.two-objects" });
    if (lossOk && failures.length > 0 && Array.isArray(a.numericDx) && !allClose(a.dx, a.numericDx as Matrix, 1e-4, 1e-6)) {
      failures.push({ key: "check.backward-bug" });
    }
    return failures;
  },
  diagnose: (input, actual, e) => {
    const a = (actual ?? {}) as Partial<Record<keyof Output, unknown>>;
    const n = input.x.length;
    const classes = input.x[0]?.length ?? 0;
    const found: Diagnosed[] = [];
    const notNumber = (v: unknown): boolean => typeof v !== "number" || !Number.isFinite(v);
    const large = input.x.some((r) => r.some((v) => Math.abs(v) >= 100));
    if (large && (notNumber(a.loss) || (Array.isArray(a.dx) && a.dx.flat().some(notNumber)))) found.push("no-max");
    const dxRight = allClose(a.dx, e.dx, DX_RTOL);
    // A wrong dx only: with dout = N the right answer is also N / dout times itself.
    const k = dxRight ? null : uniformRatio(a.dx, e.dx, 1e-6);
    if (isRatio(k, n) || isRatio(k, n / input.dout)) found.push("no-divide-n");
    if (isRatio(k, -1) || isRatio(k, -1 / input.dout)) found.push("t-minus-y");
    if (input.dout !== 1 && isRatio(k, 1 / input.dout)) found.push("ignores-dout");
    if (isRatio(k, n / classes) && n !== classes) found.push("divides-by-classes");
    if (!dxRight && allClose(a.dx, batchSoftmaxGradient(input), DX_RTOL)) found.push("batch-softmax");
    if (dxRight && typeof a.loss === "number" && Math.abs(a.loss - n * e.loss) <= LOSS_RTOL * n * Math.abs(e.loss)) found.push("loss-sum");
    // One-hot rows compared with class numbers: no label ever matches, so dx = y / N.
    if (Array.isArray(input.t[0]) && !dxRight) {
      const y = mapMatrix(e.dx, (v, i, j) => v + ((Array.isArray(input.t[i]) ? input.t[i][j] : 0) ?? 0) * input.dout / n);
      if (allClose(a.dx, y, 1e-6, 1e-12)) found.push("one-hot-as-indices");
    }
    // The second layer's y and t where this layer's belong: the state lives outside the object.
    if (input.other && !dxRight && allClose(a.dx, reference({ ...input.other, dout: input.dout }).dx, DX_RTOL)) found.push("shared-state");
    return found;
  },
  rtol: DX_RTOL,
};

export default suite;
