// Known mistake: the numerical gradient alone as the scale.
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
    const scale = Math.abs(nv);
    return scale === 0 ? 0 : Math.abs(av - nv) / scale;
  });
  return errors.reduce((worst, e) => Math.max(worst, e), 0);
}
