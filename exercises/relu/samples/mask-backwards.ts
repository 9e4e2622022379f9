export class Relu {
  private positive: boolean[][] = [];

  forward(x: number[][]): number[][] {
    this.positive = x.map((row) => row.map((v) => v > 0));
    return x.map((row) => row.map((v) => (v > 0 ? v : 0)));
  }

  backward(dout: number[][]): number[][] {
    return dout.map((row, i) => row.map((d, j) => (this.positive[i]![j] ? 0 : d)));
  }
}
