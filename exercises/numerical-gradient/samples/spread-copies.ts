export function numericalGradient(f: (x: number[]) => number, x: number[]): number[] {
  const h = 1e-4;
  return x.map((xi, i) => {
    const plus = [...x];
    const minus = [...x];
    plus[i] = xi + h;
    minus[i] = xi - h;
    return (f(plus) - f(minus)) / (2 * h);
  });
}
