export class Relu {
  forward(x: number[][]): number[][] {
    return x.map((row) => row.map((v) => (v > 0 ? v : 0)));
  }

  // ReLU is linear, so the gradient passes through
  backward(dout: number[][]): number[][] {
    return dout.map((row) => [...row]);
  }
}
