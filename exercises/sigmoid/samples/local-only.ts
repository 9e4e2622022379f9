export class Sigmoid {
  out: number[][] = [];

  forward(x: number[][]): number[][] {
    this.out = x.map((r) => r.map((v) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)))));
    return this.out.map((r) => [...r]);
  }

  backward(_dout: number[][]): number[][] {
    return this.out.map((r) => r.map((y) => y * (1 - y)));
  }
}
