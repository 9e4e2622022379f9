export class AddLayer {
  forward(x: number | number[], y: number | number[]): number | number[] {
    if (Array.isArray(x) && Array.isArray(y)) return x.map((v, i) => v + y[i]!);
    return (x as number) + (y as number);
  }

  backward(dout: number | number[]): [number | number[], number | number[]] {
    // dx is dout itself; dy gets a copy
    return [dout, Array.isArray(dout) ? [...dout] : dout];
  }
}
