export function numericalGradient(f: (x: number[]) => number, x: number[]): number[] {
  const h = 1e-4;
  const grad = new Array<number>(x.length).fill(0);
  // TODO: central difference for every element of x; restore x[i] afterwards
  return grad;
}
