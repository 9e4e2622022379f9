export class AddLayer {
  forward(x: number, y: number): number {
    return x + y;
  }

  backward(dout: number): [number, number] {
    for (;;) {
      dout += 1;
    }
  }
}
