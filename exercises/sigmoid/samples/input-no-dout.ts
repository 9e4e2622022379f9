export class Sigmoid {
  private input: number[][] = [];

  forward(x: number[][]): number[][] {
    this.input = x;
    return x.map((r) => r.map((v) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)))));
  }

  backward(): number[][] {
    return this.input.map((r) => r.map((v) => v * (1 - v)));
  }
}
