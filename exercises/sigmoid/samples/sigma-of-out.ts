const sigma = (v: number): number => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));

export class Sigmoid {
  out: number[][] = [];

  forward(x: number[][]): number[][] {
    this.out = x.map((r) => r.map(sigma));
    return this.out.map((r) => r.slice());
  }

  // σ' = σ(1 − σ)
  backward(dout: number[][]): number[][] {
    return dout.map((r, i) => r.map((d, j) => d * sigma(this.out[i]![j]!) * (1 - sigma(this.out[i]![j]!))));
  }
}
