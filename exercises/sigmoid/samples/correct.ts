/** 1 / (1 + e^-x), never calling exp on a large positive number. */
function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

export class Sigmoid {
  out: number[][] | null = null;

  forward(x: number[][]): number[][] {
    const out = x.map((row) => row.map(sigmoid));
    this.out = out.map((row) => row.slice());
    return out;
  }

  backward(dout: number[][]): number[][] {
    const out = this.out;
    if (out === null) throw new Error("backward called before forward");
    return dout.map((row, i) => row.map((d, j) => {
      const y = out[i]?.[j] ?? NaN;
      return d * (1 - y) * y;
    }));
  }
}
