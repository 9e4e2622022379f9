type Matrix = number[][];

export class Affine {
  W: Matrix;
  b: number[];
  dW: Matrix = [];
  db: number[] = [];

  constructor(W: Matrix, b: number[]) {
    this.W = W;
    this.b = b;
  }

  forward(x: Matrix): Matrix {
    // TODO: x·W + b (remember x)
    return x;
  }

  backward(dout: Matrix): Matrix {
    // TODO: dx = dout·Wᵀ, dW = xᵀ·dout, db = sum of dout over the batch
    return dout;
  }
}
