// Known mistake: forward does not store its inputs.
export class DivLayer {
  x = NaN;
  y = NaN;

  forward(x: number, y: number): number {
    return x / y;
  }

  backward(dout: number): [number, number] {
    // z = x · y⁻¹: ∂z/∂x = 1/y, ∂z/∂y = −x/y²
    const dx = dout / this.y;
    const dy = (-dout * this.x) / (this.y * this.y);
    return [dx, dy];
  }
}
