export class MulLayer {
  x = 0;
  y = 0;

  forward(x: number, y: number): number {
    this.x = x;
    this.y = y;
    return x * y;
  }

  backward(dout: number) {
    return { dx: dout * this.y, dy: dout * this.x };
  }
}
