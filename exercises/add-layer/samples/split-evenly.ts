type T = number | number[];

export class AddLayer {
  forward(x: T, y: T): T {
    return Array.isArray(x) ? x.map((v, i) => v + (y as number[])[i]!) : x + (y as number);
  }

  // the upstream gradient is shared between the two inputs
  backward(dout: T): [T, T] {
    const share = (d: T): T => (Array.isArray(d) ? d.map((v) => v / 2) : d / 2);
    return [share(dout), share(dout)];
  }
}
