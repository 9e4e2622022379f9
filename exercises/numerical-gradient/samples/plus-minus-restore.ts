export function numericalGradient(f: (x: number[]) => number, x: number[]): number[] {
  const h = 1e-4;
  const grad = new Array<number>(x.length).fill(0);
  for (let i = 0; i < x.length; i++) {
    x[i]! += h;
    const fxh1 = f(x);
    x[i]! -= 2 * h;
    const fxh2 = f(x);
    x[i]! += h; // back to where it was
    grad[i] = (fxh1 - fxh2) / (2 * h);
  }
  return grad;
}
