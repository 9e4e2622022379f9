export class MulLayer {
  x = NaN;
  y = NaN;
  private a = 0;
  private b = 0;

  forward(x: number, y: number): number {
    this.a = x;
    this.b = y;
    return this.a * this.b;
  }

  backward(dout: number): [number, number] {
    return [dout * this.y, dout * this.x];
  }
}
