import { assertFinite, assertMatrix, assertSameShape, mapMatrix, oneHot, shapeOf, type Matrix } from "../matrix";

/** Row-wise softmax. Subtracting the row max first keeps exp from overflowing for large logits. */
export function softmax(x: Matrix): Matrix {
  assertMatrix(x, "softmax x");
  return x.map((row) => {
    const max = Math.max(...row);
    const e = row.map((v) => Math.exp(v - max));
    const sum = e.reduce((s, v) => s + v, 0);
    return e.map((v) => v / sum);
  });
}

/** The book's guard against log(0) in the cross-entropy: log(y + 1e-7). */
export const LOG_EPSILON = 1e-7;

/** Mean cross-entropy of probabilities y against one-hot t: -Σ t·log(y + epsilon) / N. */
export function crossEntropyError(y: Matrix, t: Matrix, epsilon = LOG_EPSILON): number {
  assertSameShape(y, t, "y", "t");
  let total = 0;
  y.forEach((row, i) => row.forEach((p, j) => (total -= (t[i]?.[j] ?? NaN) * Math.log(p + epsilon))));
  return total / y.length;
}

/**
 * Softmax followed by the mean cross-entropy loss. Labels are either one-hot rows or class
 * indices; both are turned into one-hot so backward is the single formula (y - t) / N.
 *
 * Note: (y - t)/N is the exact gradient of -log(y), not of the book's -log(y + 1e-7); per
 * sample the two differ by the factor y_t / (y_t + 1e-7), a relative 1e-7 / y_t. Numerical
 * gradient checks at 1e-6 therefore fail when a target probability is below ~0.1 (or when
 * samples cancel in a sum). Pass logEpsilon = 0 to make the loss the exact antiderivative
 * of backward for such checks; the default keeps the book's numbers.
 */
export class SoftmaxWithLoss {
  readonly logEpsilon: number;
  y: Matrix | null = null;
  t: Matrix | null = null;
  loss: number | null = null;

  constructor(logEpsilon = LOG_EPSILON) {
    assertFinite(logEpsilon, "SoftmaxWithLoss logEpsilon");
    if (logEpsilon < 0) throw new Error(`SoftmaxWithLoss: logEpsilon must be >= 0, got ${logEpsilon}`);
    this.logEpsilon = logEpsilon;
  }

  forward(x: Matrix, t: Matrix | number[]): number {
    assertMatrix(x, "SoftmaxWithLoss.forward x");
    const [n, classes] = shapeOf(x);
    const target = toOneHot(t, n, classes);
    this.y = softmax(x);
    this.t = target;
    this.loss = crossEntropyError(this.y, target, this.logEpsilon);
    assertFinite(this.loss, "SoftmaxWithLoss loss (a target probability underflowed to 0; use logEpsilon > 0)");
    return this.loss;
  }

  backward(dout = 1): Matrix {
    assertFinite(dout, "SoftmaxWithLoss.backward dout");
    const y = this.y;
    const t = this.t;
    if (y === null || t === null) throw new Error("SoftmaxWithLoss.backward called before forward");
    const n = y.length;
    return mapMatrix(y, (v, i, j) => ((v - (t[i]?.[j] ?? NaN)) / n) * dout);
  }
}

function toOneHot(t: Matrix | number[], n: number, classes: number): Matrix {
  if (!Array.isArray(t) || t.length === 0) throw new Error("SoftmaxWithLoss: labels t are empty");
  if (t.every((v) => typeof v === "number")) {
    if (t.length !== n) throw new Error(`SoftmaxWithLoss: x has ${n} rows but there are ${t.length} labels`);
    return oneHot(t, classes);
  }
  const rows: unknown = t; // not all numbers, so it must be one-hot rows: check it as such
  assertMatrix(rows, "SoftmaxWithLoss t");
  const [tn, tc] = shapeOf(rows);
  if (tn !== n || tc !== classes) throw new Error(`SoftmaxWithLoss: x is ${n}×${classes} but one-hot t is ${tn}×${tc}`);
  rows.forEach((row, i) => {
    const ones = row.filter((v) => v === 1).length;
    const zeros = row.filter((v) => v === 0).length;
    if (ones !== 1 || zeros !== row.length - 1) throw new Error(`SoftmaxWithLoss: t[${i}] is not one-hot (one 1, the rest 0)`);
  });
  return rows.map((row) => row.slice());
}
