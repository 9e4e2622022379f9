function flat(t: number | number[] | number[][]): number[] {
  if (typeof t === "number") return [t];
  const out: number[] = [];
  for (const v of t) {
    if (Array.isArray(v)) out.push(...v);
    else out.push(v);
  }
  return out;
}

export function gradientCheck(analytic: number | number[] | number[][], numeric: number | number[] | number[][]): number {
  const a = flat(analytic);
  const n = flat(numeric);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - n[i]!);
    if (d === 0) continue;
    worst = Math.max(worst, d / Math.abs(a[i]!));
  }
  return worst;
}
