export class Relu {
  mask: boolean[][] | null = null;

  forward(x: number[][]): number[][] {
    this.mask = x.map((row) => row.map((v) => v <= 0));
    return x.map((row) => row.map((v) => (v <= 0 ? 0 : v)));
  }

  backward(dout: number[][]): number[][] {
    return dout.map((row, i) => row.map((d, j) => (this.mask?.[i]?.[j] ? d : 0)));
  }
}
