let X: number[][] = [];

export class Affine {
  W: number[][];
  b: number[];
  dW: number[][] = [];
  db: number[] = [];

  constructor(W: number[][], b: number[]) {
    this.W = W;
    this.b = b;
  }

  forward(x: number[][]) {
    X = x; // save for backward
    const out: number[][] = [];
    for (let n = 0; n < x.length; n++) {
      const row: number[] = [];
      for (let m = 0; m < this.b.length; m++) {
        let s = this.b[m];
        for (let d = 0; d < this.W.length; d++) s += x[n][d] * this.W[d][m];
        row.push(s);
      }
      out.push(row);
    }
    return out;
  }

  backward(dout: number[][]) {
    const N = dout.length, M = this.b.length, D = this.W.length;
    const dx = [];
    for (let n = 0; n < N; n++) {
      const row = [];
      for (let d = 0; d < D; d++) {
        let s = 0;
        for (let m = 0; m < M; m++) s += dout[n][m] * this.W[d][m];
        row.push(s);
      }
      dx.push(row);
    }
    this.dW = [];
    for (let d = 0; d < D; d++) {
      const row = [];
      for (let m = 0; m < M; m++) {
        let s = 0;
        for (let n = 0; n < N; n++) s += X[n][d] * dout[n][m];
        row.push(s);
      }
      this.dW.push(row);
    }
    this.db = new Array(M).fill(0);
    for (let n = 0; n < N; n++) for (let m = 0; m < M; m++) this.db[m] += dout[n][m];
    return dx;
  }
}
