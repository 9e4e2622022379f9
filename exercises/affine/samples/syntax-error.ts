export class Affine {
  constructor(public W: number[][], public b: number[]) {}
  forward(x: number[][]): number[][] {
    return x.map((row) => this.b.map((bj, j) => row.reduce((s, v, k) => s + v * this.W[k][j], bj));
  }
}
