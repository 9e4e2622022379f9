export class MulLayer {
  // NaN until forward stores the inputs: a backward that runs without them returns NaN, which shows.
  x = NaN;
  y = NaN;

  forward(x: number, y: number): number {
    // TODO: store the inputs; backward needs them
    return x * y;
  }

  backward(dout: number): [number, number] {
    // TODO: swap and multiply
    throw new Error("MulLayer.backward is not implemented yet");
  }
}
