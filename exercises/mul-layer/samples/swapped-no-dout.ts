export class MulLayer {
  private x = 0;
  private y = 0;

  forward(x: number, y: number) {
    this.x = x;
    this.y = y;
    return x * y;
  }

  // d(xy)/dx ... is x? (it is y)
  backward(dout: number): [number, number] {
    return [this.x, this.y];
  }
}
