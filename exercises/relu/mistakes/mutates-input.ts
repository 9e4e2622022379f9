// A literal port of the book: out = x (no copy), out[mask] = 0, dout[mask] = 0.
export class Relu {
  mask: boolean[][] | null = null;

  forward(x: number[][]): number[][] {
    this.mask = x.map((row) => row.map((v) => v <= 0));
    const out = x;
    out.forEach((row, i) => row.forEach((_, j) => {
      if (this.mask?.[i]?.[j]) row[j] = 0;
    }));
    return out;
  }

  backward(dout: number[][]): number[][] {
    dout.forEach((row, i) => row.forEach((_, j) => {
      if (this.mask?.[i]?.[j]) row[j] = 0;
    }));
    return dout;
  }
}
