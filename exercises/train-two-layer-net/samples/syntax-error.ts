type Matrix = number[][];

export interface Params {
  W1: Matrix;
  b1: number[];
  W2: Matrix;
  b2: number[];
}

/** A standard normal number from a uniform random() (Box–Muller). */
export function randn(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function matmul(a: Matrix, b: Matrix): Matrix {
  const m = b[0]?.length ?? 0;
  return a.map((row) => {
    const out = new Array<number>(m).fill(0);
    row.forEach((v, k) => {
      const bk = b[k] ?? [];
      for (let j = 0; j < m; j++) out[j] = (out[j] ?? 0) + v * (bk[j] ?? 0);
    });
    return out;
  });
}

const transpose = (a: Matrix): Matrix => (a[0] ?? []).map((_, j) => a.map((row) => row[j] ?? 0));
const sumRows = (a: Matrix): number[] => (a[0] ?? []).map((_, j) => a.reduce((s, row) => s + (row[j] ?? 0), 0));
const addBias = (a: Matrix, b: number[]): Matrix => a.map((row) => row.map((v, j) => v + (b[j] ?? 0)));

/** The two-layer network of the previous items (Affine → ReLU → Affine → SoftmaxWithLoss). */
export class TwoLayerNet {
  constructor(public params: Params) {}

  predict(x: Matrix): Matrix {
    const h = addBias(matmul(x, this.params.W1), this.params.b1).map((row) => row.map((v) => Math.max(0, v)));
    return addBias(matmul(h, this.params.W2), this.params.b2);
  }

  loss(x: Matrix, t: number[]): number {
    return this.forward(x, t).loss;
  }

  accuracy(x: Matrix, t: number[]): number {
    const scores = this.predict(x);
    return scores.filter((row, i) => row.indexOf(Math.max(...row)) === t[i]).length / x.length;
  }

  /** Backpropagation: one forward pass, then the backward pass. */
  gradient(x: Matrix, t: number[]): Params {
    const { pre, h, y } = this.forward(x, t);
    const n = x.length;
    const dScores = y.map((row, i) => row.map((v, k) => (v - (k === t[i] ? 1 : 0)) / n));
    const dh = matmul(dScores, transpose(this.params.W2)).map((row, i) => row.map((v, j) => ((pre[i]?.[j] ?? 0) > 0 ? v : 0)));
    return { W1: matmul(transpose(x), dh), b1: sumRows(dh), W2: matmul(transpose(h), dScores), b2: sumRows(dScores) };
  }

  private forward(x: Matrix, t: number[]) {
    const pre = addBias(matmul(x, this.params.W1), this.params.b1);
    const h = pre.map((row) => row.map((v) => Math.max(0, v)));
    const scores = addBias(matmul(h, this.params.W2), this.params.b2);
    const y = scores.map((row) => {
      const max = Math.max(...row);
      const e = row.map((v) => Math.exp(v - max));
      const sum = e.reduce((s, v) => s + v, 0);
      return e.map((v) => v / sum);
    });
    const loss = -y.reduce((s, row, i) => s + Math.log((row[t[i] ?? 0] ?? 0) + 1e-7), 0) / x.length;
    return { pre, h, y, loss };
  }
}

/** One step of gradient descent: every parameter moves against its gradient, in place. */
export function sgdStep(params: Params, grads: Params, lr: number): void {
  for (const key of ["W1", "W2"] as const) {
    params[key].forEach((row, i) => row.forEach((_, j) => (row[j] = (row[j] ?? 0) - lr * (grads[key][i]?.[j] ?? 0))));
  }
  for (const key of ["b1", "b2"] as const) {
    params[key].forEach((_, j) => (params[key][j] = (params[key][j] ?? 0) - lr * (grads[key][j] ?? 0)));
  }
}

/**
 * Trains a TwoLayerNet (2 inputs, 3 classes) on (x, t) and returns its parameters and the loss
 * recorded at every step. Use random() for every random choice (initial weights, mini-batches).
 */
export function train(x: Matrix, t: number[], random: () => number): { params: Params; losses: number[] } {
  const hidden = 30;
  const lr = 1;
  const iterations = 600;
  // Weights ~ N(0, 1/fan-in): the book's 0.01 is tuned for 10,000 MNIST iterations, too small here.
  const weights = (rows: number, cols: number): Matrix => Array.from({ length: rows }, () => Array.from({ length: cols }, () => randn(random) / Math.sqrt(rows)));
  const net = new TwoLayerNet({ W1: weights(2, hidden), b1: new Array<number>(hidden).fill(0), W2: weights(hidden, 3), b2: [0, 0, 0] });
  const losses: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const grads = net.gradient(x, t);
    sgdStep(net.params, grads lr);
    losses.push(net.loss(x, t));
  }
  return { params: net.params, losses };
}
