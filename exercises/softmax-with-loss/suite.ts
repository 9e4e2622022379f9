import { nonSquareShape, oneHot, randomLabels, randomMatrix, SoftmaxWithLoss, type Matrix, type Rng } from "@/lib/engine";
import type { CodeCase, CodeSuite } from "@/lib/exercises/suite-types";

interface Input {
  x: Matrix;
  /** Class indices or one-hot rows. */
  t: number[] | Matrix;
}

interface Output {
  loss: number;
  dx: Matrix;
  /** The numerical gradient of the layer's own loss (the reference's equals its dx). */
  numericDx: Matrix;
}

const DX_RTOL = 1e-9;
/** Loosened for the loss only: log(y) and the book's log(y + 1e-7) differ by ~1e-7 / y. */
const LOSS_RTOL = 1e-4;

function reference(input: Input): Output {
  const layer = new SoftmaxWithLoss();
  const loss = layer.forward(input.x, input.t);
  const dx = layer.backward(1);
  return { loss, dx, numericDx: dx };
}

/** Batch N ≥ 2 with N ≠ classes (batch 1 hides a missing /N), at least two different labels. */
function randomCase(rng: Rng, name: string, options: { large?: boolean; oneHot?: boolean } = {}): CodeCase<Input> {
  const [n, classes] = nonSquareShape(rng, 2, 6);
  const offset = options.large ? rng.pick([1000, -1000, 800]) : 0;
  const x = randomMatrix(rng, n, classes, -3, 3).map((row) => row.map((v) => v + offset));
  const labels = randomLabels(rng, n, classes);
  return { name, input: { x, t: options.oneHot ? oneHot(labels, classes) : labels } };
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
    const Layer = mod.SoftmaxWithLoss as new () => { forward(x: number[][], t: unknown): unknown; backward(dout?: number): unknown };
    const snap = (v: unknown): unknown => (Array.isArray(v) ? v.map((r: unknown) => (Array.isArray(r) ? r.slice() : r)) : v);
    // A gradient check of the student's own layer: d loss / dx by central differences.
    const h = 1e-4;
    const lossAt = (xx: number[][]): number => Number(new Layer().forward(xx, input.t));
    const numeric = input.x.map((r, i) => r.map((v, j) => {
      const plus = input.x.map((row) => row.slice());
      const minus = input.x.map((row) => row.slice());
      (plus[i] as number[])[j] = v + h;
      (minus[i] as number[])[j] = v - h;
      return (lossAt(plus) - lossAt(minus)) / (2 * h);
    }));
    const layer = new Layer();
    const loss = layer.forward(input.x, input.t);
    const dx = snap(layer.backward(1));
    return { loss, dx, numericDx: numeric };
  },
  publicCases: (rng) => [
    { name: "book example (batch of one)", input: { x: [[0.3, 2.9, 4.0]], t: [2] } },
    randomCase(rng, "random batch, labels as indices"),
    randomCase(rng, "random batch, one-hot labels", { oneHot: true }),
  ],
  hiddenCases: (rng) => [
    ...Array.from({ length: 4 }, (_, i) => randomCase(rng, `labels as indices ${i + 1}`)),
    ...Array.from({ length: 4 }, (_, i) => randomCase(rng, `one-hot labels ${i + 1}`, { oneHot: true })),
    randomCase(rng, "large logits (1)", { large: true }),
    randomCase(rng, "large logits (2)", { large: true, oneHot: true }),
  ],
  expected: reference,
  check: (input, actual, e) => {
    if (actual === null || typeof actual !== "object") return ["the layer did not produce outputs"];
    const a = actual as Partial<Record<keyof Output, unknown>>;
    const large = input.x.some((r) => r.some((v) => Math.abs(v) >= 100));
    const where = large ? " (large logits)" : "";
    const failures: string[] = [];
    if (typeof a.loss !== "number" || !Number.isFinite(a.loss)) failures.push(`forward: the loss is not a finite number${where}`);
    else if (Math.abs(a.loss - e.loss) > LOSS_RTOL * Math.abs(e.loss) + 1e-12) failures.push(`forward: the loss is wrong${where}`);
    const dx = a.dx;
    if (!Array.isArray(dx) || dx.length !== e.dx.length || !e.dx.every((r, i) => Array.isArray(dx[i]) && (dx[i] as unknown[]).length === r.length)) {
      failures.push("backward: dx must be a number[][] of x's shape");
    } else {
      const cells = e.dx.flatMap((r, i) => r.map((v, j) => [(dx[i] as unknown[])[j], v] as const));
      if (cells.some(([c]) => typeof c !== "number" || !Number.isFinite(c))) failures.push(`backward: dx contains NaN or Infinity${where}`);
      else if (!cells.every(([c, v]) => Math.abs((c as number) - v) <= DX_RTOL * Math.abs(v) + 1e-12)) failures.push(`backward: dx is wrong${where}`);
    }
    const lossOk = !failures.some((f) => f.startsWith("forward"));
    if (lossOk && failures.length > 0 && !agreesWithOwnForward(a.dx, a.numericDx)) {
      failures.push("backward: dx disagrees with a numerical gradient of your own loss, so the bug is in backward");
    }
    return failures;
  },
  rtol: DX_RTOL,
};

export default suite;
