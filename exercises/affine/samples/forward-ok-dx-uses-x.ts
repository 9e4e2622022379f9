type Matrix = number[][];

const matmul = (a: Matrix, b: Matrix): Matrix => a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, k) => s + v * b[k]![j]!, 0)));
const T = (a: Matrix): Matrix => a[0]!.map((_, j) => a.map((row) => row[j]!));

export class Affine {
  x: Matrix = [];
  dW: Matrix = [];
  db: number[] = [];

  constructor(
    public W: Matrix,
    public b: number[],
  ) {}

  forward(x: Matrix): Matrix {
    this.x = x;
    return matmul(x, this.W).map((row) => row.map((v, j) => v + this.b[j]!));
  }

  backward(dout: Matrix): Matrix {
    this.dW = matmul(T(this.x), dout);
    this.db = T(dout).map((col) => col.reduce((s, v) => s + v, 0));
    // the gradient for x: dout times W (transposed so the shapes fit)
    return matmul(dout, T(this.W)).map((row, i) => row.map((v, k) => v * this.x[i]![k]!));
  }
}
