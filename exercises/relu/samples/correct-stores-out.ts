export class Relu {
  private out: number[][] = [];

  forward(x: number[][]): number[][] {
    this.out = x.map((row) => row.map((v) => Math.max(0, v)));
    return this.out.map((row) => [...row]);
  }

  backward(dout: number[][]): number[][] {
    const result: number[][] = [];
    for (let i = 0; i < dout.length; i++) {
      const row: number[] = [];
      for (let j = 0; j < (dout[i]?.length ?? 0); j++) row.push((this.out[i]?.[j] ?? 0) > 0 ? (dout[i]?.[j] ?? 0) : 0);
      result.push(row);
    }
    return result;
  }
}
