export function numericalGradient(f: (x: number[]) => number, x: number[]): number[] {
  const h = 0.1;
  const grad = new Array<number>(x.length).fill(0);
  for (let i = 0; i < x.length; i++) {
    const tmp = x[i]!;
    x[i] = tmp + h;
    const fxh1 = f(x);
    x[i] = tmp - h;
    const fxh2 = f(x);
    x[i] = tmp;
    grad[i] = (fxh1 - fxh2) / (2 * h);
  }
  return grad;
}
