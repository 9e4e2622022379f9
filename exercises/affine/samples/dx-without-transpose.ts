export class Affine {
  dW: number[][] = [];
  db: number[] = [];
  private x: number[][] = [];

  constructor(
    public W: number[][],
    public b: number[],
  ) {}

  forward(x: number[][]): number[][] {
    this.x = x.map((r) => [...r]);
    return x.map((row) => this.b.map((bj, j) => row.reduce((s, v, k) => s + v * this.W[k]![j]!, bj)));
  }

  backward(dout: number[][]): number[][] {
    const D = this.W.length;
    const M = this.b.length;
    // dx = dout · W
    const dx = dout.map((row) => Array.from({ length: M }, (_, j) => row.reduce((s, g, k) => s + g * (this.W[k]?.[j] ?? 0), 0)));
    this.dW = Array.from({ length: D }, (_, k) => Array.from({ length: M }, (_, j) => this.x.reduce((s, xr, i) => s + xr[k]! * dout[i]![j]!, 0)));
    this.db = Array.from({ length: M }, (_, j) => dout.reduce((s, r) => s + r[j]!, 0));
    return dx;
  }
}
