// The book's gradient_check.py: the mean absolute difference, np.average(np.abs(a - n)).
export type Tensor = number | number[] | number[][];

function flatten(x: Tensor): number[] {
  if (typeof x === "number") return [x];
  return x.flatMap((v: number | number[]) => (Array.isArray(v) ? v : [v]));
}

export function gradientCheck(analytic: Tensor, numeric: Tensor): number {
  const a = flatten(analytic);
  const n = flatten(numeric);
  if (a.length !== n.length) throw new Error("gradientCheck: shapes differ");
  const diffs = a.map((av, i) => Math.abs(av - (n[i] ?? NaN)));
  return diffs.reduce((s, d) => s + d, 0) / diffs.length;
}
