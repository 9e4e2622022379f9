type Matrix = number[][];

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

export class Affine {
  W: Matrix;
  b: number[];
  x: Matrix = [];
  dW: Matrix = [];
  db: number[] = [];

  constructor(W: Matrix, b: number[]) {
    this.W = W;
    this.b = b;
  }

  forward(x: Matrix): Matrix {
    this.x = x.map((row) => row.slice());
    return matmul(x, this.W).map((row) => row.map((v, j) => v + (this.b[j] ?? NaN)));
  }

  backward(dout: Matrix): Matrix {
    const dx = matmul(dout, transpose(this.W));
    this.dW = matmul(transpose(this.x), dout);
    this.db = dout.map((row) => row.reduce((s, v) => s + v, 0));
    return dx;
  }
}
