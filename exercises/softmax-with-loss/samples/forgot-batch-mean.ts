type Matrix = number[][];

export class SoftmaxWithLoss {
  private y: Matrix = [];
  private labels: number[] = [];

  forward(x: Matrix, t: number[] | Matrix): number {
    this.labels = t.map((row) => (Array.isArray(row) ? row.indexOf(1) : row));
    this.y = x.map((row) => {
      const m = Math.max(...row);
      const e = row.map((v) => Math.exp(v - m));
      const s = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / s);
    });
    return -this.y.reduce((s, row, i) => s + Math.log(row[this.labels[i]!]! + 1e-7), 0) / x.length;
  }

  backward(dout = 1): Matrix {
    return this.y.map((row, i) => row.map((p, k) => dout * (p - (k === this.labels[i] ? 1 : 0))));
  }
}
