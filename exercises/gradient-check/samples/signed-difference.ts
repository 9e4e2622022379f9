export function gradientCheck(analytic: number | number[] | number[][], numeric: number | number[] | number[][]): number {
  const a = [analytic].flat(2) as number[];
  const n = [numeric].flat(2) as number[];
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const scale = Math.max(Math.abs(a[i]!), Math.abs(n[i]!));
    if (scale === 0) continue;
    worst = Math.max(worst, (a[i]! - n[i]!) / scale);
  }
  return worst;
}
