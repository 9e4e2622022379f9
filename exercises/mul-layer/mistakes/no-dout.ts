// Known mistake: local gradients returned without the chain rule's upstream factor.
export class MulLayer {
  x = 0;
  y = 0;

  forward(x: number, y: number): number {
    this.x = x;
    this.y = y;
    return x * y;
  }

  backward(_dout: number): [number, number] {
    return [this.y, this.x];
  }
}
