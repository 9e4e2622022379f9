import { allClose, isRatio, mapMatrix, nonSquareShape, randomMatrix, sigmoid, Sigmoid, uniformRatio, type Matrix, type Rng } from "@/lib/engine";
import type { CodeCase, CodeSuite, Diagnosed, Text } from "@/lib/exercises/suite-types";

// Every text a student reads is a key of exercise.json `messages` (English and Korean there).
const numbered = (key: string, n: number): Text => ({ key: "case.numbered", params: { name: { key }, n } });

interface Input {
  x: Matrix;
  dout: Matrix;
  /**
   * A second Sigmoid used at once (forward, forward, backward, backward, as in a network): each
   * object must keep its own output. Only the first layer's results are graded.
   */
  other?: { x: Matrix; dout: Matrix };
}

interface Output {
  out: Matrix;
  dx: Matrix;
  /** The numerical gradient of the layer's own forward (the reference's equals its dx). */
  numericDx: Matrix;
}

const RTOL = 1e-9;
/** σ'(±40) ≈ 4e-18: float64 rounds it to 0 or leaves a tiny value, both are fine. */
const ATOL = 1e-12;

function reference(input: Input): Output {
  const layer = new Sigmoid();
  const out = layer.forward(input.x);
  const dx = layer.backward(input.dout);
  return { out, dx, numericDx: dx };
}

function randomCase(rng: Rng, name: Text): CodeCase<Input> {
  const [rows, cols] = nonSquareShape(rng, 2, 5);
  // x in a range where uses-x (x(1-x)) and the right answer differ clearly; dout never ~1.
  return { name, input: { x: randomMatrix(rng, rows, cols, -4, 4, 0.3), dout: randomMatrix(rng, rows, cols, -3, 3, 0.2) } };
}

/** Two layers at once: the second's inputs have the first's shape and differ everywhere. */
function twoLayers(rng: Rng, name: Text): CodeCase<Input> {
  const c = randomCase(rng, name);
  const rows = c.input.x.length;
  const cols = c.input.x[0]?.length ?? 2;
  return { name, input: { ...c.input, other: { x: randomMatrix(rng, rows, cols, -4, 4, 0.3), dout: randomMatrix(rng, rows, cols, -3, 3, 0.2) } } };
}

/** Large |x| mixed into a random batch: ±40 and ±800 (e^800 overflows float64). */
function largeCase(rng: Rng, name: Text): CodeCase<Input> {
  const c = randomCase(rng, name);
  const row = c.input.x[0];
  const row2 = c.input.x[1];
  if (row && row2) {
    row[0] = rng.pick([800, 750, 900]);
    row[1] = -rng.pick([800, 750, 900]);
    row2[0] = 40;
    row2[1] = -40;
  }
  return c;
}

const near = (a: unknown, e: number): boolean =>
  typeof a === "number" && Number.isFinite(a) && Math.abs(a - e) <= RTOL * Math.abs(e) + ATOL;

const suite: CodeSuite<Input, Output> = {
  kind: "code",
  driver: (mod, input) => {
    const SigmoidClass = mod.Sigmoid as new () => { forward(x: number[][]): unknown; backward(d: number[][]): unknown };
    const snap = (v: unknown): unknown => (Array.isArray(v) ? v.map((r: unknown) => (Array.isArray(r) ? r.slice() : r)) : v);
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
    const numeric = numericDx(() => { const l = new SigmoidClass(); return (xx) => l.forward(xx); }, input.x, input.dout);
    const layer = new SigmoidClass();
    const second = input.other ? new SigmoidClass() : null;
    const out = snap(layer.forward(input.x));
    if (second && input.other) second.forward(input.other.x);
    const dx = snap(layer.backward(input.dout));
    if (second && input.other) second.backward(input.other.dout);
    return { out, dx, numericDx: numeric };
  },
  publicCases: (rng) => [
    { name: { key: "case.book" }, input: { x: [[0, 2, -1]], dout: [[1, 1, 1]] } },
    randomCase(rng, { key: "case.random" }),
    { name: { key: "case.large-40" }, input: { x: [[40, -40], [1, -1]], dout: [[1, 1], [2, 2]] } },
    twoLayers(rng, { key: "case.two-layers" }),
  ],
  hiddenCases: (rng) => [
    ...Array.from({ length: 8 }, (_, i) => randomCase(rng, { key: "case.random-n", params: { n: i + 1 } })),
    largeCase(rng, numbered("case.large", 1)),
    largeCase(rng, numbered("case.large", 2)),
    twoLayers(rng, numbered("case.two-layers", 1)),
    twoLayers(rng, numbered("case.two-layers", 2)),
  ],
  expected: reference,
  check: (input, actual, e) => {
    if (actual === null || typeof actual !== "object") return [{ key: "check.no-output" }];
    const a = actual as Partial<Record<keyof Output, unknown>>;
    const large = input.x.some((r) => r.some((v) => Math.abs(v) >= 40));
    const matches = (v: unknown, ref: Matrix): "ok" | "shape" | "finite" | "wrong" => {
      if (!Array.isArray(v) || v.length !== ref.length) return "shape";
      const rows = v as unknown[];
      if (!ref.every((r, i) => Array.isArray(rows[i]) && (rows[i] as unknown[]).length === r.length)) return "shape";
      const cells = ref.flatMap((r, i) => r.map((_, j) => (rows[i] as unknown[])[j]));
      if (cells.some((c) => typeof c !== "number" || !Number.isFinite(c))) return "finite";
      return ref.every((r, i) => r.every((x, j) => near((rows[i] as unknown[])[j], x))) ? "ok" : "wrong";
    };
    // One key per array and outcome (Korean needs a different particle for each).
    const say = (what: "out" | "dx", outcome: "shape" | "finite" | "wrong"): Text => {
      const problem = { key: `check.${what}-${outcome}` };
      return large ? { key: "check.large-x", params: { problem } } : problem;
    };
    const failures: Text[] = [];
    const out = matches(a.out, e.out);
    if (out !== "ok") failures.push(say("out", out));
    const dx = matches(a.dx, e.dx);
    if (dx !== "ok") failures.push(say("dx", dx));
    if (dx !== "ok" && input.other) failures.push({ key: "check.two-layers" });
    if (out === "ok" && dx !== "ok" && Array.isArray(a.numericDx) && !allClose(a.dx, a.numericDx as Matrix, 1e-4, 1e-6)) {
      failures.push({ key: "check.dx-numeric" });
    }
    return failures;
  },
  diagnose: (input, actual, e) => {
    const a = (actual ?? {}) as Partial<Record<keyof Output, unknown>>;
    const found: Diagnosed[] = [];
    const outRight = allClose(a.out, e.out, RTOL, ATOL);
    const dxRight = allClose(a.dx, e.dx, RTOL, ATOL);
    // Forward values that are not numbers only where |x| is large: exp overflowed.
    const out = Array.isArray(a.out) ? (a.out as unknown[]) : [];
    const badAt = input.x.flatMap((r, i) => r.flatMap((v, j) => {
      const o = (out[i] as unknown[] | undefined)?.[j];
      return typeof o === "number" && Number.isFinite(o) ? [] : [Math.abs(v)];
    }));
    if (badAt.length > 0 && badAt.every((v) => v >= 40)) found.push("overflow");
    if (!outRight || dxRight) return found;
    // The second layer's output instead of this one's: the state lives outside the object.
    const other = input.other;
    if (other && allClose(a.dx, mapMatrix(other.x, (x, i, j) => (input.dout[i]?.[j] ?? NaN) * sigmoid(x) * (1 - sigmoid(x))), RTOL, ATOL)) found.push("shared-state");
    const local = (f: (x: number, y: number) => number): Matrix => mapMatrix(input.x, (x, i, j) => f(x, e.out[i]?.[j] ?? NaN));
    const times = (m: Matrix): Matrix => mapMatrix(m, (v, i, j) => v * (input.dout[i]?.[j] ?? NaN));
    const withOrWithoutDout = (m: Matrix): boolean => allClose(a.dx, times(m), RTOL, ATOL) || allClose(a.dx, m, RTOL, ATOL);
    if (withOrWithoutDout(local((x) => x * (1 - x)))) found.push("uses-x");
    if (isRatio(uniformRatio(a.dx, e.dx, 1e-6), -1)) found.push("sign");
    if (allClose(a.dx, local((_x, y) => y * (1 - y)), RTOL, ATOL)) found.push("no-dout");
    if (withOrWithoutDout(local((_x, y) => sigmoid(y) * (1 - sigmoid(y))))) found.push("sigmoid-twice");
    if (withOrWithoutDout(local((_x, y) => 1 - y)) || withOrWithoutDout(local((_x, y) => y))) found.push("one-factor");
    return found;
  },
  rtol: RTOL,
};

export default suite;
