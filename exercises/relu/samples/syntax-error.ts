export class Relu {
  forward(x: number[][]): number[][] {
    return x.map((row) => row.map((v) => (v <= 0 ? 0 : v));
  }
}
