export function numericalGradient(f: (x: number[]) => number, x: number[]): number[] {
  const h = 1e-4;
  const grad = new Array<number>(x.length).fill(0);
  x.forEach((value, i) => {
    x[i] = value + h;
    const a = f(x);
    x[i] = value - h;
    const b = f(x);
    grad[i] = (a - b) / (2 * h);
  });
  return grad;
}
