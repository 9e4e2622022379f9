export class Relu {
  mask: boolean[][] | null = null;

  forward(x: number[][]): number[][] {
    // TODO: remember where x <= 0, return max(0, x) as a new array
    return x;
  }

  backward(dout: number[][]): number[][] {
    // TODO: dout where the forward input was > 0, else 0 (a new array)
    return dout;
  }
}
