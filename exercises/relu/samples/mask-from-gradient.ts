export class Relu {
  forward(x: number[][]): number[][] {
    return x.map((row) => row.map((v) => Math.max(0, v)));
  }

  backward(dout: number[][]): number[][] {
    // the gradient only flows where it is positive
    return dout.map((row) => row.map((d) => Math.max(0, d)));
  }
}
