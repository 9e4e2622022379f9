type Matrix = number[][];

export class SoftmaxWithLoss {
  y: Matrix | null = null;
  t: Matrix | null = null;

  forward(x: Matrix, t: number[] | Matrix): number {
    // TODO: softmax (subtract the row max), then the mean cross-entropy with log(y + 1e-7)
    return 0;
  }

  backward(dout = 1): Matrix {
    // TODO: (y - t) / N, times dout
    return [];
  }
}
