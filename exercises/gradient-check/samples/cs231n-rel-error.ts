// Like CS231n's assignments: rel_error = max(|x - y| / max(1e-8, |x| + |y|))
export function gradientCheck(analytic: number | number[] | number[][], numeric: number | number[] | number[][]): number {
  const x = [analytic].flat(2) as number[];
  const y = [numeric].flat(2) as number[];
  let worst = 0;
  x.forEach((xi, i) => {
    const yi = y[i]!;
    if (xi === 0 && yi === 0) return;
    worst = Math.max(worst, Math.abs(xi - yi) / Math.max(1e-8, Math.abs(xi) + Math.abs(yi)));
  });
  return worst;
}
