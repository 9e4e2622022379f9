// As in the book's gradient_check.py: diff = np.average(np.abs(grad_backprop - grad_numerical))
export function gradientCheck(analytic: number | number[] | number[][], numeric: number | number[] | number[][]): number {
  const a = [analytic].flat(2) as number[];
  const n = [numeric].flat(2) as number[];
  let total = 0;
  for (let i = 0; i < a.length; i++) total += Math.abs(a[i]! - n[i]!);
  return total / a.length;
}
