export function numericalGradient(f: (x: number[]) => number, x: number[]): number[] {
  const h = 1e-4;
  const grad: number[] = [];
  // grows the array it iterates over: never ends
  for (let i = 0; i < x.length; i++) {
    const tmp = x[i] ?? 0;
    x[i] = tmp + h;
    const a = f(x);
    x[i] = tmp - h;
    const b = f(x);
    x[i] = tmp;
    grad.push((a - b) / (2 * h));
    x.push(tmp);
  }
  return grad;
}
