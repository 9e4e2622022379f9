import { assertFinite } from "./matrix";

export type Tensor = number | number[] | number[][];

/**
 * Max relative error |a - n| / max(|a|, |n|) over all elements. Elements where both are 0
 * count as 0 (agreement), so the result is never NaN. Shapes must match.
 */
export function gradientCheck(analytic: Tensor, numeric: Tensor): number {
  const a = flatten(analytic, "analytic");
  const n = flatten(numeric, "numeric");
  if (a.shape !== n.shape) throw new Error(`gradientCheck: analytic has shape ${a.shape} but numeric has shape ${n.shape}`);
  let worst = 0;
  a.values.forEach((av, i) => {
    const nv = n.values[i] ?? NaN;
    const scale = Math.max(Math.abs(av), Math.abs(nv));
    if (scale > 0) worst = Math.max(worst, Math.abs(av - nv) / scale);
  });
  return worst;
}

function flatten(x: Tensor, name: string): { values: number[]; shape: string } {
  if (typeof x === "number") {
    assertFinite(x, name);
    return { values: [x], shape: "scalar" };
  }
  if (!Array.isArray(x) || x.length === 0) throw new Error(`gradientCheck: ${name} is empty`);
  const values: number[] = [];
  const rowLengths: number[] = [];
  x.forEach((v: number | number[], i) => {
    if (Array.isArray(v)) {
      rowLengths.push(v.length);
      v.forEach((w, j) => {
        assertFinite(w, `gradientCheck ${name}[${i}][${j}]`);
        values.push(w);
      });
    } else {
      assertFinite(v, `gradientCheck ${name}[${i}]`);
      values.push(v);
    }
  });
  if (rowLengths.length === 0) return { values, shape: `length ${x.length}` };
  if (rowLengths.length !== x.length) throw new Error(`gradientCheck: ${name} mixes numbers and rows`);
  const cols = rowLengths[0] ?? 0;
  if (rowLengths.some((c) => c !== cols)) throw new Error(`gradientCheck: ${name} is ragged (row lengths ${rowLengths.join(", ")})`);
  return { values, shape: `${x.length}×${cols}` };
}
