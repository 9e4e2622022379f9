export class SoftmaxWithLoss {
  // cache for backward
  static y: number[][];
  static t: number[][];

  forward(x: number[][], t: any) {
    const N = x.length;
    const C = x[0].length;
    const onehot = t.map((lbl: any) => {
      if (Array.isArray(lbl)) return lbl;
      const r = new Array(C).fill(0);
      r[lbl] = 1;
      return r;
    });
    const y = x.map((row) => {
      const m = Math.max(...row);
      const ex = row.map((v) => Math.exp(v - m));
      const s = ex.reduce((a, b) => a + b);
      return ex.map((v) => v / s);
    });
    SoftmaxWithLoss.y = y;
    SoftmaxWithLoss.t = onehot;
    let loss = 0;
    for (let i = 0; i < N; i++) for (let k = 0; k < C; k++) if (onehot[i][k] === 1) loss -= Math.log(y[i][k] + 1e-7);
    return loss / N;
  }

  backward(dout = 1) {
    const y = SoftmaxWithLoss.y;
    const t = SoftmaxWithLoss.t;
    const N = y.length;
    return y.map((row, i) => row.map((v, k) => (dout * (v - t[i][k])) / N));
  }
}
