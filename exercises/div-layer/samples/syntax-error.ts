export class DivLayer {
  forward(x: number, y: number): number {
    return x / y
  }
  backward(dout: number): [number, number] {
    return [dout / this.y, -dout * this.x / this.y ** 2;
  }
}
