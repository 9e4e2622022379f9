// Known mistake: the mask lives in a module variable, shared by every Relu object.
let mask: boolean[][] = [];

export class Relu {
  forward(x: number[][]): number[][] {
    mask = x.map((row) => row.map((v) => v <= 0));
    return x.map((row) => row.map((v) => (v <= 0 ? 0 : v)));
  }

  backward(dout: number[][]): number[][] {
    return dout.map((row, i) => row.map((d, j) => (mask[i]?.[j] ? 0 : d)));
  }
}
