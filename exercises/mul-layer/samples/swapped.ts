export class MulLayer {
  private inputs: [number, number] = [0, 0];
  forward(x: number, y: number): number {
    this.inputs = [x, y];
    return x * y;
  }
  backward(dout: number): [number, number] {
    const [x, y] = this.inputs;
    const dx = x * dout;
    const dy = y * dout;
    return [dx, dy];
  }
}
