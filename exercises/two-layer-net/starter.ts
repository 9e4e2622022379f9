type Matrix = number[][];

export interface Params {
  W1: Matrix;
  b1: number[];
  W2: Matrix;
  b2: number[];
}

function matmul(a: Matrix, b: Matrix): Matrix {
  const cols = b[0]?.length ?? 0;
  return a.map((row) => Array.from({ length: cols }, (_, j) => row.reduce((s, v, k) => s + v * (b[k]?.[j] ?? NaN), 0)));
}

function transpose(a: Matrix): Matrix {
  return (a[0] ?? []).map((_, j) => a.map((row) => row[j] ?? NaN));
}

function sumRows(a: Matrix): number[] {
  return (a[0] ?? []).map((_, j) => a.reduce((s, row) => s + (row[j] ?? NaN), 0));
}

export class TwoLayerNet {
  params: Params;

  constructor(params: Params) {
    this.params = params;
  }

  predict(x: Matrix): Matrix {
    // TODO: Affine → Relu → Affine
    return x;
  }

  loss(x: Matrix, t: number[]): number {
    // TODO: softmax + mean cross-entropy of predict(x)
    return 0;
  }

  gradient(x: Matrix, t: number[]): Params {
    // TODO: forward, then backward from dout = 1 in reverse layer order
    const { W1, b1, W2, b2 } = this.params;
    return { W1, b1, W2, b2 };
  }
}
