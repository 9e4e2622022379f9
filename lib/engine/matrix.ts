// Plain row-major matrices (`number[][]`, batch × features) and the checks every layer runs on
// its input. Errors are loud and name the offending argument, because a silent NaN in the
// reference engine would turn into a wrong "expected" value for every student.

export type Matrix = number[][];

/** Throws unless x is a finite number (NaN and ±Infinity are bugs upstream, never data). */
export function assertFinite(x: unknown, name: string): asserts x is number {
  if (typeof x !== "number" || !Number.isFinite(x)) {
    throw new Error(`${name} must be a finite number, got ${String(x)}`);
  }
}

/** Throws unless x is a non-empty array of finite numbers. */
export function assertVector(x: unknown, name = "vector"): asserts x is number[] {
  if (!Array.isArray(x)) throw new Error(`${name} must be an array of numbers`);
  if (x.length === 0) throw new Error(`${name} is empty`);
  x.forEach((v, i) => assertFinite(v, `${name}[${i}]`));
}

/**
 * Throws unless x is a non-empty rectangular matrix of finite numbers.
 * An empty batch is rejected here: a mean over zero rows is 0/0.
 */
export function assertMatrix(x: unknown, name = "matrix"): asserts x is Matrix {
  if (!Array.isArray(x)) throw new Error(`${name} must be a 2-D array (batch × features)`);
  if (x.length === 0) throw new Error(`${name} is empty (batch size 0)`);
  let cols = -1;
  x.forEach((row: unknown, i) => {
    if (!Array.isArray(row)) throw new Error(`${name}[${i}] must be an array (a matrix is number[][])`);
    if (row.length === 0) throw new Error(`${name}[${i}] is empty (0 features)`);
    if (cols === -1) cols = row.length;
    if (row.length !== cols) {
      throw new Error(`${name} is ragged: row 0 has ${cols} columns, row ${i} has ${row.length}`);
    }
    row.forEach((v: unknown, j) => assertFinite(v, `${name}[${i}][${j}]`));
  });
}

export function shapeOf(x: Matrix): [rows: number, cols: number] {
  return [x.length, x[0]?.length ?? 0];
}

/** Throws unless a and b are matrices of the same shape. */
export function assertSameShape(a: Matrix, b: Matrix, nameA: string, nameB: string): void {
  const [ra, ca] = shapeOf(a);
  const [rb, cb] = shapeOf(b);
  if (ra !== rb || ca !== cb) {
    throw new Error(`shape mismatch: ${nameA} is ${ra}×${ca} but ${nameB} is ${rb}×${cb}`);
  }
}

/** Reads x[i][j]; the bounds were checked by the caller, so a miss is an engine bug. */
export function at(x: Matrix, i: number, j: number): number {
  const v = x[i]?.[j];
  if (v === undefined) throw new Error(`index (${i}, ${j}) out of range`);
  return v;
}

export function zeros(rows: number, cols: number): Matrix {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1) {
    throw new Error(`zeros: shape must be positive integers, got ${rows}×${cols}`);
  }
  return Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
}

/** Elementwise map into a new matrix; never touches x. */
export function mapMatrix(x: Matrix, fn: (v: number, i: number, j: number) => number): Matrix {
  return x.map((row, i) => row.map((v, j) => fn(v, i, j)));
}

export function cloneMatrix(x: Matrix): Matrix {
  return x.map((row) => row.slice());
}

export function transpose(x: Matrix): Matrix {
  assertMatrix(x, "transpose(x)");
  const [, cols] = shapeOf(x);
  return Array.from({ length: cols }, (_, j) => x.map((_row, i) => at(x, i, j)));
}

export function matmul(a: Matrix, b: Matrix): Matrix {
  assertMatrix(a, "matmul(a)");
  assertMatrix(b, "matmul(b)");
  const [n, k] = shapeOf(a);
  const [k2, m] = shapeOf(b);
  if (k !== k2) throw new Error(`matmul: a is ${n}×${k} but b is ${k2}×${m} (inner sizes differ)`);
  return a.map((_row, i) =>
    Array.from({ length: m }, (_, j) => {
      let s = 0;
      for (let p = 0; p < k; p++) s += at(a, i, p) * at(b, p, j);
      return s;
    }),
  );
}

/** Column sums: collapses the batch axis (what Affine's db needs). */
export function sumOverBatch(x: Matrix): number[] {
  const [, cols] = shapeOf(x);
  const out = new Array<number>(cols).fill(0);
  for (const row of x) row.forEach((v, j) => (out[j] = (out[j] ?? 0) + v));
  return out;
}

/** Index labels → one-hot rows. Labels must be integers in [0, classes). */
export function oneHot(labels: readonly number[], classes: number): Matrix {
  if (!Number.isInteger(classes) || classes < 1) throw new Error(`oneHot: classes must be a positive integer, got ${classes}`);
  if (labels.length === 0) throw new Error("oneHot: labels are empty (batch size 0)");
  return labels.map((t, i) => {
    if (!Number.isInteger(t) || t < 0 || t >= classes) {
      throw new Error(`label[${i}] = ${t} is not a class index in [0, ${classes})`);
    }
    const row = new Array<number>(classes).fill(0);
    row[t] = 1;
    return row;
  });
}
