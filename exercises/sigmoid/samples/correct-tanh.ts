export class Sigmoid {
  private y: number[][] = [];

  forward(x: number[][]): number[][] {
    this.y = x.map((row) => row.map((v) => (1 + Math.tanh(v / 2)) / 2));
    return this.y.map((row) => [...row]);
  }

  backward(dout: number[][]): number[][] {
    return dout.map((row, i) => row.map((d, j) => {
      const y = this.y[i]?.[j] ?? 0;
      return d * y * (1 - y);
    }));
  }
}
