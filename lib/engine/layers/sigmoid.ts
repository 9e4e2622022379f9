import { assertMatrix, assertSameShape, cloneMatrix, mapMatrix, type Matrix } from "../matrix";

/** 1 / (1 + e^-x) without overflow: for x < 0 use e^x / (1 + e^x) so exp never sees a large positive argument. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** Sigmoid on a batch. Stores its output because the local gradient is out·(1 - out). */
export class Sigmoid {
  out: Matrix | null = null;

  forward(x: Matrix): Matrix {
    assertMatrix(x, "Sigmoid.forward x");
    const out = mapMatrix(x, sigmoid);
    this.out = cloneMatrix(out); // a private copy: the caller may mutate what we return
    return out;
  }

  backward(dout: Matrix): Matrix {
    const out = this.out;
    if (out === null) throw new Error("Sigmoid.backward called before forward");
    assertMatrix(dout, "Sigmoid.backward dout");
    assertSameShape(dout, out, "dout", "forward output");
    return mapMatrix(dout, (d, i, j) => {
      const y = out[i]?.[j] ?? NaN;
      return d * (1 - y) * y;
    });
  }
}
