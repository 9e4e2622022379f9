type T = number | number[] | number[][];

export function gradientCheck(analytic: T, numeric: T): number {
  const a = [analytic].flat(2) as number[];
  const n = [numeric].flat(2) as number[];
  const errs = a.map((ai, i) => {
    const ni = n[i]!;
    const denom = Math.max(Math.abs(ai), Math.abs(ni));
    return denom === 0 ? 0 : Math.abs(ai - ni) / denom;
  });
  return errs.reduce((s, e) => s + e, 0) / errs.length;
}
