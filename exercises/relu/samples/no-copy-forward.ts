export class Relu {
  private mask: boolean[][] = [];

  forward(x: number[][]): number[][] {
    this.mask = x.map((row) => row.map((v) => v <= 0));
    const out = x;
    for (const row of out) for (let j = 0; j < row.length; j++) if (row[j]! <= 0) row[j] = 0;
    return out;
  }

  backward(dout: number[][]): number[][] {
    return dout.map((row, i) => row.map((d, j) => (this.mask[i]![j] ? 0 : d)));
  }
}
