export class MulLayer {
  x = NaN;
  y = NaN;

  forward(x: number, y: number): number {
    // TODO: store the inputs; backward needs them
    return x * y;
  }

  backward(dout: number): [number, number] {
    const dx = dout * this.y;
    const dy = dout * this.x;
    return [dx, dy];
  }
}
