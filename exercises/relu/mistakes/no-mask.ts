export class Relu {
  forward(x: number[][]): number[][] {
    return x.map((row) => row.map((v) => (v <= 0 ? 0 : v)));
  }

  backward(dout: number[][]): number[][] {
    return dout.map((row) => row.slice());
  }
}
