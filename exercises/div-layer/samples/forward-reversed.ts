export class DivLayer {
  private a = 0;
  private b = 0;

  forward(x: number, y: number): number {
    this.a = y;
    this.b = x;
    return this.a / this.b;
  }

  backward(dout: number): [number, number] {
    return [(-dout * this.a) / (this.b * this.b), dout / this.b];
  }
}
