export function numericalGradient(f: (x: number[]) => number, x: number[]): number[] {
  const h = 1e-4;
  const base = f(x);
  return x.map((v, i) => {
    x[i] = v + h;
    const up = f(x);
    x[i] = v;
    return (up - base) / h;
  });
}
