export class DivLayer {
  // NaN until forward stores what backward needs.
  x = NaN;
  y = NaN;

  forward(x: number, y: number): number {
    // TODO: store what backward needs, return x / y
    return x / y;
  }

  backward(dout: number): [number, number] {
    // TODO: derive ∂(x/y)/∂x and ∂(x/y)/∂y, multiply each by dout
    return [0, 0];
  }
}
