// A literal port of the book's Relu: forward copies (out = x.copy(); out[mask] = 0), backward
// zeroes dout in place and returns it (dout[mask] = 0; dx = dout).
export class Relu {
  mask: boolean[][] | null = null;

  forward(x: number[][]): number[][] {
    this.mask = x.map((row) => row.map((v) => v <= 0));
    const out = x.map((row) => row.slice());
    out.forEach((row, i) => row.forEach((_, j) => {
      if (this.mask?.[i]?.[j]) row[j] = 0;
    }));
    return out;
  }

  backward(dout: number[][]): number[][] {
    dout.forEach((row, i) => row.forEach((_, j) => {
      if (this.mask?.[i]?.[j]) row[j] = 0;
    }));
    const dx = dout;
    return dx;
  }
}
