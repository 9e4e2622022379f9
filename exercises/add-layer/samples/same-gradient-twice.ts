export class AddLayer {
  forward(x: number | number[], y: number | number[]): number | number[] {
    if (Array.isArray(x) && Array.isArray(y)) return x.map((v, i) => v + y[i]!);
    return (x as number) + (y as number);
  }

  backward(dout: number | number[]): [number | number[], number | number[]] {
    const grad = Array.isArray(dout) ? dout.map((d) => d * 1) : dout;
    return [grad, grad];
  }
}
