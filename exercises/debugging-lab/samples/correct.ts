interface Layer {
  forward(x: number[][]): number[][];
  backward(dout: number[][]): number[][];
}

// Checks every layer against its own forward with a random weighting of the outputs.
export function findBuggyLayer(layers: Layer[], x: number[][]): number {
  const h = 1e-4;
  const w = x.map((row, i) => row.map((_, j) => 1 + 0.3 * ((i + 2 * j) % 3)));
  const loss = (layer: Layer, xx: number[][]): number => layer.forward(xx).reduce((s, row, i) => s + row.reduce((t, v, j) => t + v * w[i]![j]!, 0), 0);
  let worst = -1;
  let worstAt = 0;
  layers.forEach((layer, k) => {
    layer.forward(x);
    const analytic = layer.backward(w);
    let err = 0;
    for (let i = 0; i < x.length; i++) {
      for (let j = 0; j < x[i]!.length; j++) {
        const keep = x[i]![j]!;
        x[i]![j] = keep + h;
        const up = loss(layer, x);
        x[i]![j] = keep - h;
        const down = loss(layer, x);
        x[i]![j] = keep;
        const n = (up - down) / (2 * h);
        const a = analytic[i]![j]!;
        const scale = Math.max(Math.abs(a), Math.abs(n));
        if (scale > 0) err = Math.max(err, Math.abs(a - n) / scale);
      }
    }
    if (err > worst) {
      worst = err;
      worstAt = k;
    }
  });
  return worstAt;
}
