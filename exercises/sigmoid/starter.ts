export class Sigmoid {
  out: number[][] | null = null;

  forward(x: number[][]): number[][] {
    // TODO: σ(x) elementwise; remember the output
    return x;
  }

  backward(dout: number[][]): number[][] {
    // TODO: dout · out · (1 − out)
    return dout;
  }
}
