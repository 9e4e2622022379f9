// Known mistake: y and t are kept in module variables, so every SoftmaxWithLoss object shares one pair.
type Matrix = number[][];
let y: Matrix = [];
let t: Matrix = [];

export class SoftmaxWithLoss {
  forward(x: Matrix, labels: number[] | Matrix): number {
    const classes = x[0]?.length ?? 0;
    t = labels.map((l) => (Array.isArray(l) ? l.slice() : Array.from({ length: classes }, (_, k) => (k === l ? 1 : 0))));
    y = x.map((row) => {
      const max = Math.max(...row);
      const e = row.map((v) => Math.exp(v - max));
      const sum = e.reduce((s, v) => s + v, 0);
      return e.map((v) => v / sum);
    });
    let total = 0;
    y.forEach((row, i) => row.forEach((p, k) => (total -= (t[i]?.[k] ?? 0) * Math.log(p + 1e-7))));
    return total / y.length;
  }

  backward(dout = 1): Matrix {
    return y.map((row, i) => row.map((v, k) => ((v - (t[i]?.[k] ?? 0)) / y.length) * dout));
  }
}
