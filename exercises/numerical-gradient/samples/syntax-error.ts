export function numericalGradient(f: (x: number[]) => number, x: number[]): number[] {
  const h = 1e-4
  return x.map((v, i) => {
    x[i] = v + h; const a = f(x); x[i] = v - h; const b = f(x); x[i] = v;
    return (a - b) / (2 * h);
  };
}
