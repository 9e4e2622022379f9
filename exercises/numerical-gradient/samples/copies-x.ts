export function numericalGradient(f: (x: number[]) => number, x: number[]): number[] {
  const h = 1e-4;
  const grad = new Array<number>(x.length).fill(0);
  for (let i = 0; i < x.length; i++) {
    const plus = x.slice();
    const minus = x.slice();
    plus[i] = (plus[i] ?? NaN) + h;
    minus[i] = (minus[i] ?? NaN) - h;
    grad[i] = (f(plus) - f(minus)) / (2 * h);
  }
  return grad;
}
