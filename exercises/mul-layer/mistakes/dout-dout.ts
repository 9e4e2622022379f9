// Known mistake: the addition node's rule used for a multiplication node.
export class MulLayer {
  x = 0;
  y = 0;

  forward(x: number, y: number): number {
    this.x = x;
    this.y = y;
    return x * y;
  }

  backward(dout: number): [number, number] {
    return [dout, dout];
  }
}
