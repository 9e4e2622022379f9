let inputs: [number, number] = [0, 0];

export class MulLayer {
  forward(x: number, y: number): number {
    inputs = [x, y];
    return x * y;
  }

  backward(dout: number): [number, number] {
    const [x, y] = inputs;
    return [dout * y, dout * x];
  }
}
