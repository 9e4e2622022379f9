export function gradientCheck(analytic: number | number[] | number[][], numeric: number | number[] | number[][]): number {
  const a = [analytic].flat(2) as number[];
  const n = [numeric].flat(2) as number[];
  return Math.max(0, ...a.map((v, i) => Math.abs(v - n[i]!)));
}
