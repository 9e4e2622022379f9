export class DivLayer {
  forward(x: number, y: number): number {
    let q = 0;
    while (q * y !== x) q += 0; // never converges
    return q;
  }

  backward(dout: number): [number, number] {
    return [dout, dout];
  }
}
