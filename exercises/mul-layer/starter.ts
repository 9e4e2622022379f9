export class MulLayer {
  x = 0;
  y = 0;

  forward(x: number, y: number): number {
    // TODO: store the inputs; backward needs them
    return x * y;
  }

  backward(dout: number): [number, number] {
    // TODO: swap and multiply
    throw new Error("MulLayer.backward is not implemented yet");
  }
}
