export type Tensor = number | number[] | number[][];

function flatten(x: Tensor): number[] {
  if (typeof x === "number") return [x];
  return x.flatMap((v: number | number[]) => (Array.isArray(v) ? v : [v]));
}

export function gradientCheck(analytic: Tensor, numeric: Tensor): number {
  const a = flatten(analytic);
  const n = flatten(numeric);
  if (a.length !== n.length) throw new Error("gradientCheck: shapes differ");
  const errors = a.map((av, i) => {
    const nv = n[i] ?? NaN;
    const scale = Math.max(Math.abs(av), Math.abs(nv));
    return scale === 0 ? 0 : Math.abs(av - nv) / scale;
  });
  return errors.reduce((s, e) => s + e, 0) / errors.length;
}
