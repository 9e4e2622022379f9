export function numericalGradient(f: (x: number[]) => number, x: number[]): number[] {
  const h = 1e-4;
  const grad: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const tmp = x[i]!;
    const fx = f(x);
    x[i] = tmp + h;
    const fxh = f(x);
    x[i] = tmp;
    grad.push((fxh - fx) / (2 * h));
  }
  return grad;
}
