import {
  assertMatrix,
  assertSameShape,
  assertVector,
  cloneMatrix,
  matmul,
  shapeOf,
  sumOverBatch,
  transpose,
  type Matrix,
} from "../matrix";

/**
 * Fully connected layer: out = x·W + b on a batch x (N × D), W (D × M), b (M).
 * W and b are held by reference, like the book's params dict, so perturbing them in place
 * (numericalGradient, an optimizer step) is seen by the next forward.
 */
export class Affine {
  readonly W: Matrix;
  readonly b: number[];
  #x: Matrix | null = null;
  #dW: Matrix | null = null;
  #db: number[] | null = null;

  constructor(W: Matrix, b: number[]) {
    assertMatrix(W, "Affine W");
    assertVector(b, "Affine b");
    const [, m] = shapeOf(W);
    if (b.length !== m) throw new Error(`Affine: W has ${m} columns but b has length ${b.length}`);
    this.W = W;
    this.b = b;
  }

  forward(x: Matrix): Matrix {
    assertMatrix(x, "Affine.forward x");
    const [d] = shapeOf(this.W);
    const [n, xd] = shapeOf(x);
    if (xd !== d) throw new Error(`Affine.forward: x is ${n}×${xd} but W is ${d}×${this.b.length} (x needs ${d} columns)`);
    this.#x = cloneMatrix(x); // a copy, so a caller mutating x cannot change dW later
    return matmul(x, this.W).map((row) => row.map((v, j) => v + (this.b[j] ?? NaN)));
  }

  /** Returns dx (same shape as x) and stores dW = xᵀ·dout and db = Σ_batch dout. */
  backward(dout: Matrix): Matrix {
    const x = this.#x;
    if (x === null) throw new Error("Affine.backward called before forward");
    assertMatrix(dout, "Affine.backward dout");
    const [n] = shapeOf(x);
    const [dn, dm] = shapeOf(dout);
    if (dn !== n || dm !== this.b.length) {
      throw new Error(`Affine.backward: dout is ${dn}×${dm} but the forward output was ${n}×${this.b.length}`);
    }
    const dx = matmul(dout, transpose(this.W));
    assertSameShape(dx, x, "dx", "x");
    this.#dW = matmul(transpose(x), dout);
    this.#db = sumOverBatch(dout);
    return dx;
  }

  get dW(): Matrix {
    if (this.#dW === null) throw new Error("Affine.dW read before backward");
    return this.#dW;
  }

  get db(): number[] {
    if (this.#db === null) throw new Error("Affine.db read before backward");
    return this.#db;
  }
}
