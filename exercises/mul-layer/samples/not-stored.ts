export class MulLayer {
  x!: number;
  y!: number;
  forward(x: number, y: number): number {
    const out = x * y;
    return out;
  }
  backward(dout: number): [number, number] {
    return [dout * this.y, dout * this.x];
  }
}
