export class Sigmoid {
  out: number[][] = [];

  forward(x: number[][]): number[][] {
    this.out = x.map((r) => r.map((v) => Math.exp(v) / (1 + Math.exp(v))));
    return this.out.map((r) => [...r]);
  }

  backward(dout: number[][]): number[][] {
    return dout.map((r, i) => r.map((d, j) => d * this.out[i]![j]! * (1 - this.out[i]![j]!)));
  }
}
