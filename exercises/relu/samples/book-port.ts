// Relu from the book (common/layers.py), line by line.
export class Relu {
  mask: boolean[][] = [];

  forward(x: number[][]): number[][] {
    this.mask = x.map((row) => row.map((v) => v <= 0));
    const out = x.map((row) => [...row]); // out = x.copy()
    for (let i = 0; i < out.length; i++) for (let j = 0; j < out[i]!.length; j++) if (this.mask[i]![j]) out[i]![j] = 0;
    return out;
  }

  backward(dout: number[][]): number[][] {
    for (let i = 0; i < dout.length; i++) for (let j = 0; j < dout[i]!.length; j++) if (this.mask[i]![j]) dout[i]![j] = 0;
    const dx = dout;
    return dx;
  }
}
