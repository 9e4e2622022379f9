import { nonSquareShape, randomMatrix, Relu, type Matrix, type Rng } from "@/lib/engine";
import type { CodeCase, CodeSuite } from "@/lib/exercises/suite-types";

interface Input {
  x: Matrix;
  dout: Matrix;
}

interface Output {
  out: Matrix;
  dx: Matrix;
  /** Did forward change the caller's x? */
  xChanged: boolean;
  /** Did backward change the caller's dout? */
  doutChanged: boolean;
  /** The numerical gradient of the layer's own forward (the reference's equals its dx). */
  numericDx: Matrix;
}

const RTOL = 1e-12;

function reference(input: Input): Output {
  const layer = new Relu();
  const out = layer.forward(input.x);
  const dx = layer.backward(input.dout);
  return { out, dx, xChanged: false, doutChanged: false, numericDx: dx };
}

/**
 * Non-square, batch ≥ 2, |x| ≥ 0.1 (off the kink), and every case has a negative dout where
 * x > 0 and a positive dout where x < 0: a mask from dout or an inverted mask always shows.
 */
function randomCase(rng: Rng, name: string): CodeCase<Input> {
  const [rows, cols] = nonSquareShape(rng, 2, 5);
  for (;;) {
    const x = randomMatrix(rng, rows, cols, -3, 3, 0.1);
    const dout = randomMatrix(rng, rows, cols, -2, 2, 0.1);
    const pairs = x.flatMap((row, i) => row.map((v, j) => [v, dout[i]?.[j] ?? 0] as const));
    if (pairs.some(([v, d]) => v > 0 && d < 0) && pairs.some(([v, d]) => v < 0 && d > 0)) return { name, input: { x, dout } };
  }
}

function near(a: unknown, e: number): boolean {
  return typeof a === "number" && Number.isFinite(a) && Math.abs(a - e) <= RTOL * Math.abs(e) + 1e-12;
}

/** backward agrees with the numerical gradient of the student's own forward (a gradient check). */
function agreesWithOwnForward(dx: unknown, numeric: unknown): boolean {
  if (!Array.isArray(dx) || !Array.isArray(numeric) || dx.length !== numeric.length) return false;
  return numeric.every((row: unknown, i) => {
    const drow: unknown = dx[i];
    return (
      Array.isArray(row) &&
      Array.isArray(drow) &&
      row.length === drow.length &&
      row.every((n: unknown, j) => {
        const d: unknown = drow[j];
        return typeof n === "number" && typeof d === "number" && Number.isFinite(n) && Math.abs(d - n) <= 1e-4 * Math.abs(n) + 1e-6;
      })
    );
  });
}

const suite: CodeSuite<Input, Output> = {
  kind: "code",
  driver: (mod, input) => {
    const ReluClass = mod.Relu as new () => { forward(x: number[][]): unknown; backward(d: number[][]): unknown };
    const copy = (m: number[][]): number[][] => m.map((r) => r.slice());
    const snap = (v: unknown): unknown => (Array.isArray(v) ? v.map((r: unknown) => (Array.isArray(r) ? r.slice() : r)) : v);
    const same = (a: number[][], b: number[][]): boolean => a.every((r, i) => r.every((v, j) => v === b[i]?.[j]));
    // A gradient check of the student's own layer: d/dx of Σ forward(x) ⊙ dout, by central differences.
    const numericDx = (fresh: () => (x: number[][]) => unknown, x: number[][], dout: number[][]): number[][] => {
      const h = 1e-4;
      const weighted = (xx: number[][]): number => {
        const y = fresh()(xx);
        let s = 0;
        if (!Array.isArray(y)) return NaN;
        dout.forEach((r, i) => r.forEach((d, j) => (s += d * Number((y[i] as unknown[] | undefined)?.[j]))));
        return s;
      };
      return x.map((r, i) => r.map((_, j) => {
        const plus = x.map((row) => row.slice());
        const minus = x.map((row) => row.slice());
        (plus[i] as number[])[j] = (r[j] as number) + h;
        (minus[i] as number[])[j] = (r[j] as number) - h;
        return (weighted(plus) - weighted(minus)) / (2 * h);
      }));
    };
    const numeric = numericDx(() => { const l = new ReluClass(); return (xx) => l.forward(xx); }, input.x.map((r) => r.slice()), input.dout);
    const layer = new ReluClass();
    const x = input.x;
    const xBefore = copy(x);
    const out = snap(layer.forward(x));
    const xChanged = !same(x, xBefore);
    const dout = input.dout;
    const doutBefore = copy(dout);
    const dx = snap(layer.backward(dout));
    return { out, dx, xChanged, doutChanged: !same(dout, doutBefore), numericDx: numeric };
  },
  publicCases: (rng) => [
    { name: "2×3 batch", input: { x: [[1, -0.5, 2], [-2, 3, -1]], dout: [[-1, 2, 0.5], [4, -3, 1]] } },
    randomCase(rng, "random batch"),
  ],
  hiddenCases: (rng) => Array.from({ length: 10 }, (_, i) => randomCase(rng, `random batch ${i + 1}`)),
  expected: reference,
  check: (input, actual, e) => {
    if (actual === null || typeof actual !== "object") return ["the layer did not produce outputs"];
    const a = actual as Partial<Record<keyof Output, unknown>>;
    const failures: string[] = [];
    const grid = (v: unknown): unknown[][] | null => (Array.isArray(v) && v.every(Array.isArray) ? (v as unknown[][]) : null);
    const out = grid(a.out);
    const dx = grid(a.dx);
    const shapeOk = (m: unknown[][] | null, ref: Matrix): boolean => m !== null && m.length === ref.length && m.every((r, i) => r.length === ref[i]?.length);
    if (!shapeOk(out, e.out)) failures.push("forward: the output must be a number[][] of the input's shape");
    else if (!e.out.every((r, i) => r.every((v, j) => near(out?.[i]?.[j], v)))) failures.push("forward: max(0, x) is wrong");
    if (!shapeOk(dx, e.dx)) failures.push("backward: dx must be a number[][] of dout's shape");
    else {
      const wrongAt = (positive: boolean): boolean =>
        input.x.some((r, i) => r.some((v, j) => v > 0 === positive && !near(dx?.[i]?.[j], e.dx[i]?.[j] ?? NaN)));
      if (wrongAt(true)) failures.push("backward: dx is wrong where x > 0");
      if (wrongAt(false)) failures.push("backward: dx is wrong where x <= 0");
    }
    const forwardOk = !failures.some((f) => f.startsWith("forward"));
    if (forwardOk && failures.length > 0 && !agreesWithOwnForward(a.dx, a.numericDx)) {
      failures.push("backward: dx disagrees with a numerical gradient of your own forward, so the bug is in backward");
    }
    if (a.xChanged !== false) failures.push("forward changed the caller's x array");
    if (a.doutChanged !== false) failures.push("backward changed the caller's dout array");
    return failures;
  },
  rtol: RTOL,
};

export default suite;
