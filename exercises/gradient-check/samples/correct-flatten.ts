type T = number | number[] | number[][];

export function gradientCheck(analytic: T, numeric: T): number {
  const a = [analytic].flat(2) as number[];
  const n = [numeric].flat(2) as number[];
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const diff = Math.abs(a[i]! - n[i]!);
    const denom = Math.max(Math.abs(a[i]!), Math.abs(n[i]!));
    if (denom > 0) worst = Math.max(worst, diff / denom);
  }
  return worst;
}
