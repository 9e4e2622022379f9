export class MulLayer {
  x = NaN;
  y = NaN;

  forward(x: number, y: number): number {
    this.x = x;
    this.y = y;
    return x * y;
  }

  backward(dout: number): [number, number] {
    const dx = dout * this.y; // the gradient for x uses the other input, y
    const dy = dout * this.x;
    return [dx, dy];
  }
}
