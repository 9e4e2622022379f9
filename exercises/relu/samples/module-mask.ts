let lastInput: number[][] = [];

export class Relu {
  forward(x: number[][]): number[][] {
    lastInput = x.map((row) => row.slice());
    return x.map((row) => row.map((v) => Math.max(v, 0)));
  }

  backward(dout: number[][]): number[][] {
    return dout.map((row, i) => row.map((d, j) => (lastInput[i]![j]! > 0 ? d : 0)));
  }
}
