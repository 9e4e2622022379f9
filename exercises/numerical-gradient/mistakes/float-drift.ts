// Known mistake: x[i] is put back by arithmetic (+h, −2h, +h) instead of assigning the saved value.
export function numericalGradient(f: (x: number[]) => number, x: number[]): number[] {
  const h = 1e-4;
  const grad = new Array<number>(x.length).fill(0);
  for (let i = 0; i < x.length; i++) {
    x[i] = (x[i] ?? NaN) + h;
    const fxh1 = f(x);
    x[i] = (x[i] ?? NaN) - 2 * h;
    const fxh2 = f(x);
    grad[i] = (fxh1 - fxh2) / (2 * h);
    x[i] = (x[i] ?? NaN) + h;
  }
  return grad;
}
