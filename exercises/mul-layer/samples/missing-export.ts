class MulLayer {
  x = 0;
  y = 0;
  forward(x: number, y: number): number {
    this.x = x;
    this.y = y;
    return x * y;
  }
  backward(dout: number): [number, number] {
    return [dout * this.y, dout * this.x];
  }
}
