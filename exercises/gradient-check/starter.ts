export type Tensor = number | number[] | number[][];

export function gradientCheck(analytic: Tensor, numeric: Tensor): number {
  // TODO: the largest |a - n| / max(|a|, |n|) over all elements (0 where both are 0)
  return 0;
}
