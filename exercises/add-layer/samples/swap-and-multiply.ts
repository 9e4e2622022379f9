type T = number | number[];

export class AddLayer {
  private x: T = 0;
  private y: T = 0;

  forward(x: T, y: T): T {
    this.x = x;
    this.y = y;
    return Array.isArray(x) ? x.map((v, i) => v + (y as number[])[i]!) : x + (y as number);
  }

  backward(dout: T): [T, T] {
    const mul = (a: T, b: T): T => (Array.isArray(a) ? a.map((v, i) => v * (b as number[])[i]!) : a * (b as number));
    return [mul(dout, this.y), mul(dout, this.x)];
  }
}
