export class Sigmoid {
  private x: number[][] = [];

  forward(x: number[][]): number[][] {
    this.x = x.map((r) => [...r]);
    return x.map((r) => r.map((v) => 1 / (1 + Math.exp(-v))));
  }

  backward(dout: number[][]): number[][] {
    // σ'(x) = x(1 − x)
    return dout.map((r, i) => r.map((d, j) => d * this.x[i]![j]! * (1 - this.x[i]![j]!)));
  }
}
