export class MulLayer {
  static x = 0;
  static y = 0;

  forward(x: number, y: number): number {
    MulLayer.x = x;
    MulLayer.y = y;
    return x * y;
  }

  backward(dout: number): [number, number] {
    return [dout * MulLayer.y, dout * MulLayer.x];
  }
}
