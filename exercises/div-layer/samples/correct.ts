// z = x · (1/y): the product rule with the reciprocal's derivative −1/y².
export class DivLayer {
  private inputs: [number, number] | null = null;

  forward(x: number, y: number): number {
    this.inputs = [x, y];
    return x / y;
  }

  backward(dout: number): [number, number] {
    if (this.inputs === null) throw new Error("forward first");
    const [x, y] = this.inputs;
    const inv = 1 / y;
    return [dout * inv, dout * x * -(inv * inv)];
  }
}
