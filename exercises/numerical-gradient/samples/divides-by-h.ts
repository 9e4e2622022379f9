export function numericalGradient(f: (x: number[]) => number, x: number[]): number[] {
  const h = 0.0001;
  return x.map((xi, i) => {
    x[i] = xi + h;
    const right = f(x);
    x[i] = xi - h;
    const left = f(x);
    x[i] = xi;
    return (right - left) / h;
  });
}
