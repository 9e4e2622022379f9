// Known mistake: the inputs are kept in module variables, so every DivLayer object shares one pair.
let storedX = NaN;
let storedY = NaN;

export class DivLayer {
  forward(x: number, y: number): number {
    storedX = x;
    storedY = y;
    return x / y;
  }

  backward(dout: number): [number, number] {
    return [dout / storedY, (-dout * storedX) / (storedY * storedY)];
  }
}
