export class DivLayer {
  x = NaN;
  y = NaN;

  forward(x: number, y: number): number {
    return x / y;
  }

  backward(dout: number): [number, number] {
    return [dout / this.y, (-dout * this.x) / (this.y * this.y)];
  }
}
