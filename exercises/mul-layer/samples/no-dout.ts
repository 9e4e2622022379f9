export class MulLayer {
  x = 0;
  y = 0;
  forward(x: number, y: number) {
    this.x = x;
    this.y = y;
    return x * y;
  }
  backward(): [number, number] {
    return [this.y, this.x];
  }
}
