// Known mistake: the inputs are kept in module variables, so every MulLayer object shares one pair.
let storedX = 0;
let storedY = 0;

export class MulLayer {
  forward(x: number, y: number): number {
    storedX = x;
    storedY = y;
    return x * y;
  }

  backward(dout: number): [number, number] {
    return [dout * storedY, dout * storedX];
  }
}
