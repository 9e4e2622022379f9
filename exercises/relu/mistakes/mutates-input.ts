// Known mistake: forward zeroes the caller's array in place (`const out = x` is not a copy).
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
    return dout.map((row, i) => row.map((d, j) => (this.mask?.[i]?.[j] ? 0 : d)));
  }
}
