// Known mistake: the input is kept in a module variable, so every Affine object shares one x.
type Matrix = number[][];
let lastX: Matrix = [];

const matmul = (a: Matrix, b: Matrix): Matrix => a.map((row) => (b[0] ?? []).map((_, j) => row.reduce((s, v, k) => s + v * (b[k]?.[j] ?? NaN), 0)));
const transpose = (a: Matrix): Matrix => (a[0] ?? []).map((_, j) => a.map((row) => row[j] ?? NaN));

export class Affine {
  dW: Matrix = [];
  db: number[] = [];

  constructor(
    public W: Matrix,
    public b: number[],
  ) {}

  forward(x: Matrix): Matrix {
    lastX = x.map((row) => row.slice());
    return matmul(x, this.W).map((row) => row.map((v, j) => v + (this.b[j] ?? NaN)));
  }

  backward(dout: Matrix): Matrix {
    this.dW = matmul(transpose(lastX), dout);
    this.db = (dout[0] ?? []).map((_, j) => dout.reduce((s, row) => s + (row[j] ?? NaN), 0));
    return matmul(dout, transpose(this.W));
  }
}
