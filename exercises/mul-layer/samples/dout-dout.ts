export class MulLayer {
  forward(x: number, y: number): number {
    return x * y;
  }
  backward(dout: number): number[] {
    return [dout, dout];
  }
}
