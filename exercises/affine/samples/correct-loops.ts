export class Affine {
  private x: number[][] = [];
  private grads = { W: [] as number[][], b: [] as number[] };

  constructor(public W: number[][], public b: number[]) {}

  get dW(): number[][] {
    return this.grads.W;
  }

  get db(): number[] {
    return this.grads.b;
  }

  forward(x: number[][]): number[][] {
    this.x = x.map((r) => [...r]);
    const out: number[][] = [];
    for (const row of x) {
      const o: number[] = [];
      for (let j = 0; j < this.b.length; j++) {
        let s = this.b[j]!;
        for (let k = 0; k < row.length; k++) s += row[k]! * this.W[k]![j]!;
        o.push(s);
      }
      out.push(o);
    }
    return out;
  }

  backward(dout: number[][]): number[][] {
    const n = dout.length;
    const d = this.W.length;
    const m = this.b.length;
    const dx = Array.from({ length: n }, () => new Array<number>(d).fill(0));
    const dW = Array.from({ length: d }, () => new Array<number>(m).fill(0));
    const db = new Array<number>(m).fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        const g = dout[i]![j]!;
        db[j]! += g;
        for (let k = 0; k < d; k++) {
          dx[i]![k]! += g * this.W[k]![j]!;
          dW[k]![j]! += this.x[i]![k]! * g;
        }
      }
    }
    this.grads = { W: dW, b: db };
    return dx;
  }
}
