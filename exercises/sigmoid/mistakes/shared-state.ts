// Known mistake: the output is kept in a module variable, so every Sigmoid object shares one.
let out: number[][] = [];

const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

export class Sigmoid {
  forward(x: number[][]): number[][] {
    out = x.map((row) => row.map(sigmoid));
    return out.map((row) => row.slice());
  }

  backward(dout: number[][]): number[][] {
    return dout.map((row, i) => row.map((d, j) => d * (1 - (out[i]?.[j] ?? NaN)) * (out[i]?.[j] ?? NaN)));
  }
}
