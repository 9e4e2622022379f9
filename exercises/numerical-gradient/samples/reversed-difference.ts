export function numericalGradient(f: (x: number[]) => number, x: number[]): number[] {
  const h = 1e-4;
  const grad = new Array<number>(x.length).fill(0);
  for (let i = 0; i < x.length; i++) {
    const tmp = x[i]!;
    x[i] = tmp - h;
    const fLeft = f(x);
    x[i] = tmp + h;
    const fRight = f(x);
    x[i] = tmp;
    grad[i] = (fLeft - fRight) / (2 * h);
  }
  return grad;
}
