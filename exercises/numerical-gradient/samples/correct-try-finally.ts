const H = 1e-4;

export function numericalGradient(f: (x: number[]) => number, x: number[]): number[] {
  return x.map((original, i) => {
    try {
      x[i] = original + H;
      const up = f(x);
      x[i] = original - H;
      const down = f(x);
      return (up - down) / (2 * H);
    } finally {
      x[i] = original;
    }
  });
}
