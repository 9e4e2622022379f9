export function gradientCheck(analytic: number | number[], numeric: number | number[]): number {
  const a = typeof analytic === "number" ? [analytic] : analytic;
  const n = typeof numeric === "number" ? [numeric] : numeric;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const scale = Math.max(Math.abs(a[i]!), Math.abs(n[i]!));
    if (scale > 0) worst = Math.max(worst, Math.abs(a[i]! - n[i]!) / scale);
  }
  return worst;
}
