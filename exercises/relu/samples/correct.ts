export class Relu {
  mask: boolean[][] | null = null;

  forward(x: number[][]): number[][] {
    this.mask = x.map((row) => row.map((v) => v <= 0));
    return x.map((row) => row.map((v) => (v <= 0 ? 0 : v)));
  }

  backward(dout: number[][]): number[][] {
    const mask = this.mask;
    if (mask === null) throw new Error("backward called before forward");
    return dout.map((row, i) => row.map((d, j) => (mask[i]?.[j] ? 0 : d)));
  }
}
