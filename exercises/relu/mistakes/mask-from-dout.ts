export class Relu {
  forward(x: number[][]): number[][] {
    return x.map((row) => row.map((v) => (v <= 0 ? 0 : v)));
  }

  backward(dout: number[][]): number[][] {
    // the mask is built from dout instead of the forward input
    return dout.map((row) => row.map((d) => (d <= 0 ? 0 : d)));
  }
}
