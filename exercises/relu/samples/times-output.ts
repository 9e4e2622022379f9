export class Relu {
  private out: number[][] = [];

  forward(x: number[][]): number[][] {
    this.out = x.map((row) => row.map((v) => Math.max(0, v)));
    return this.out.map((row) => row.slice());
  }

  // chain rule: dout times the layer's value
  backward(dout: number[][]): number[][] {
    return dout.map((row, i) => row.map((d, j) => d * this.out[i]![j]!));
  }
}
