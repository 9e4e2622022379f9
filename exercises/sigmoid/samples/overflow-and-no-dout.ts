export class Sigmoid {
  y: number[][] = [];

  forward(x: number[][]): number[][] {
    this.y = x.map((r) => r.map((v) => Math.exp(v) / (Math.exp(v) + 1)));
    return this.y.map((r) => r.slice());
  }

  backward(dout: number[][]): number[][] {
    return dout.map((r, i) => r.map((_, j) => this.y[i]![j]! * (1 - this.y[i]![j]!)));
  }
}
