export class Relu {
  static mask: boolean[][] | null = null;

  forward(x: number[][]): number[][] {
    Relu.mask = x.map((row) => row.map((v) => v <= 0));
    return x.map((row) => row.map((v) => (v <= 0 ? 0 : v)));
  }

  backward(dout: number[][]): number[][] {
    const mask = Relu.mask ?? [];
    return dout.map((row, i) => row.map((d, j) => (mask[i]![j] ? 0 : d)));
  }
}
