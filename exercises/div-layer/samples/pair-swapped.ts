export class DivLayer {
  private x = 0;
  private y = 0;

  forward(x: number, y: number): number {
    this.x = x;
    this.y = y;
    return x / y;
  }

  backward(dout: number): [number, number] {
    const { x, y } = this;
    const dx = dout / y;
    const dy = (-dout * x) / (y * y);
    return [dy, dx];
  }
}
