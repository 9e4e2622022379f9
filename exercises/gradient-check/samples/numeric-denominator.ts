export function gradientCheck(analytic: number | number[] | number[][], numeric: number | number[] | number[][]): number {
  const a = [analytic].flat(2) as number[];
  const n = [numeric].flat(2) as number[];
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === 0 && n[i] === 0) continue;
    // relative to the numerical gradient, the one we trust
    worst = Math.max(worst, Math.abs(a[i]! - n[i]!) / Math.abs(n[i]!));
  }
  return worst;
}
