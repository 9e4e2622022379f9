export class Sigmoid {
  x: number[][] = [];
  out: number[][] = [];

  forward(x: number[][]): number[][] {
    this.x = x.map((row) => row.slice());
    this.out = x.map((row) => row.map((v) => 1 / (1 + Math.exp(-v))));
    return this.out.map((row) => row.slice());
  }

  backward(dout: number[][]): number[][] {
    return dout.map((row, i) => row.map((d, j) => {
      const y = this.out[i]?.[j] ?? NaN;
      const v = this.x[i]?.[j] ?? NaN;
      return -d * y * (1 - y) + 0 * v;
    }));
  }
}
