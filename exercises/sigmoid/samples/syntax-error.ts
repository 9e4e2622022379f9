export class Sigmoid {
  out: number[][] = [];
  forward(x: number[][]): number[][] {
    this.out = x.map((row) => row.map((v) => 1 / (1 + Math.exp(-v)));
    return this.out;
  }
