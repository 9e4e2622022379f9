// Known mistake: backward applies σ to the stored output again, as if it were the input.
function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

export class Sigmoid {
  out: number[][] = [];

  forward(x: number[][]): number[][] {
    this.out = x.map((row) => row.map(sigmoid));
    return this.out.map((row) => row.slice());
  }

  backward(dout: number[][]): number[][] {
    return dout.map((row, i) => row.map((d, j) => {
      const s = sigmoid(this.out[i]?.[j] ?? NaN);
      return d * s * (1 - s);
    }));
  }
}
