// Known mistake: forward never stores its inputs, so backward multiplies by undefined (NaN).
export class MulLayer {
  x: number | undefined;
  y: number | undefined;

  forward(x: number, y: number): number {
    return x * y;
  }

  backward(dout: number): [number, number] {
    return [dout * (this.y as number), dout * (this.x as number)];
  }
}
