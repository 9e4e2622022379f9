type Matrix = number[][];

export class SoftmaxWithLoss {
  private y: Matrix = [];
  private t: number[] = [];

  forward(x: Matrix, t: number[]): number {
    this.t = t;
    this.y = x.map((row) => {
      const m = Math.max(...row);
      const e = row.map((v) => Math.exp(v - m));
      const s = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / s);
    });
    let loss = 0;
    for (let i = 0; i < x.length; i++) loss -= Math.log((this.y[i]![t[i]!] ?? 0) + 1e-7);
    return loss / x.length;
  }

  backward(dout = 1): Matrix {
    const n = this.y.length;
    return this.y.map((row, i) => row.map((p, k) => ((p - (this.t[i] === k ? 1 : 0)) * dout) / n));
  }
}
