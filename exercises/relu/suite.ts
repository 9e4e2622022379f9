import { allClose, mapMatrix, nonSquareShape, randomMatrix, Relu, type Matrix, type Rng } from "@/lib/engine";
import type { CodeCase, CodeSuite, Diagnosed, Text } from "@/lib/exercises/suite-types";

// Every text a student reads is a key of exercise.json `messages` (English and Korean there).
const numbered = (key: string, n: number): Text => ({ key: "case.numbered", params: { name: { key }, n } });

interface Batch {
  x: Matrix;
  dout: Matrix;
}

/** One layer; with `second`, two Relu objects in use at once (forward, forward, backward, backward). */
interface Input extends Batch {
  second: Batch | null;
}

interface LayerOutput {
  out: Matrix;
  dx: Matrix;
  /** Did forward change the caller's x? */
  xChanged: boolean;
  /** Did backward change the caller's dout? */
  doutChanged: boolean;
  /** The numerical gradient of the layer's own forward (the reference's equals its dx). */
  numericDx: Matrix;
}

interface Output extends LayerOutput {
  second: LayerOutput | null;
}

const RTOL = 1e-12;

function layerReference(batch: Batch, layer = new Relu()): LayerOutput {
  const out = layer.forward(batch.x);
  const dx = layer.backward(batch.dout);
  return { out, dx, xChanged: false, doutChanged: false, numericDx: dx };
}

function reference(input: Input): Output {
  return { ...layerReference(input), second: input.second === null ? null : layerReference(input.second) };
}

/**
 * |x| ≥ 0.1 (off the kink), and every batch has a negative dout where x > 0 and a positive dout
 * where x < 0: a mask from dout or an inverted mask always shows.
 */
function batch(rng: Rng, rows: number, cols: number): Batch {
  for (;;) {
    const x = randomMatrix(rng, rows, cols, -3, 3, 0.1);
    const dout = randomMatrix(rng, rows, cols, -2, 2, 0.1);
    const pairs = x.flatMap((row, i) => row.map((v, j) => [v, dout[i]?.[j] ?? 0] as const));
    if (pairs.some(([v, d]) => v > 0 && d < 0) && pairs.some(([v, d]) => v < 0 && d > 0)) return { x, dout };
  }
}

/** Non-square, batch ≥ 2; with two layers, both batches of one shape and their masks different. */
function randomCase(rng: Rng, name: Text, twoLayers = false): CodeCase<Input> {
  const [rows, cols] = nonSquareShape(rng, 2, 5);
  const first = batch(rng, rows, cols);
  if (!twoLayers) return { name, input: { ...first, second: null } };
  for (;;) {
    const second = batch(rng, rows, cols);
    if (first.x.some((row, i) => row.some((v, j) => v > 0 !== (second.x[i]?.[j] ?? 0) > 0))) return { name, input: { ...first, second } };
  }
}

const near = (a: unknown, e: number): boolean => typeof a === "number" && Number.isFinite(a) && Math.abs(a - e) <= RTOL * Math.abs(e) + 1e-12;

/** `layer`: null for a single layer, else the message key naming it ("first layer: ..."). */
function layerFailures(batch: Batch, a: Partial<Record<keyof LayerOutput, unknown>>, e: LayerOutput, layer: string | null): Text[] {
  const failures: Text[] = [];
  const fail = (key: string): void => {
    failures.push(layer === null ? { key } : { key: "check.in-layer", params: { layer: { key: layer }, problem: { key } } });
  };
  const grid = (v: unknown): unknown[][] | null => (Array.isArray(v) && v.every(Array.isArray) ? (v as unknown[][]) : null);
  const out = grid(a.out);
  const dx = grid(a.dx);
  const shapeOk = (m: unknown[][] | null, ref: Matrix): boolean => m !== null && m.length === ref.length && m.every((r, i) => r.length === ref[i]?.length);
  const forwardOk = shapeOk(out, e.out) && e.out.every((r, i) => r.every((v, j) => near(out?.[i]?.[j], v)));
  if (!shapeOk(out, e.out)) fail("check.out-shape");
  else if (!forwardOk) fail("check.out-wrong");
  if (!shapeOk(dx, e.dx)) fail("check.dx-shape");
  else {
    const wrongAt = (positive: boolean): boolean => batch.x.some((r, i) => r.some((v, j) => v > 0 === positive && !near(dx?.[i]?.[j], e.dx[i]?.[j] ?? NaN)));
    if (wrongAt(true)) fail("check.dx-positive");
    if (wrongAt(false)) fail("check.dx-nonpositive");
  }
  if (forwardOk && failures.length > 0 && Array.isArray(a.numericDx) && !allClose(a.dx, a.numericDx as Matrix, 1e-4, 1e-6)) {
    fail("check.dx-numeric");
  }
  if (a.xChanged !== false) fail("check.x-changed");
  if (a.doutChanged !== false) fail("check.dout-changed");
  return failures;
}

/** What one layer's output says about the mistake behind it; `other` is the second layer's batch. */
function mistakesOf(batch: Batch, a: Partial<Record<keyof LayerOutput, unknown>>, e: LayerOutput, other: Batch | null): Diagnosed[] {
  const found: Diagnosed[] = [];
  const maskedBy = (keep: (v: number, d: number) => boolean, mask: Matrix): Matrix => mapMatrix(batch.dout, (d, i, j) => (keep(mask[i]?.[j] ?? NaN, d) ? d : 0));
  const dxRight = allClose(a.dx, e.dx, RTOL);
  if (!dxRight && allClose(a.dx, maskedBy((_v, d) => d > 0, batch.x), RTOL)) found.push("mask-from-dout");
  if (!dxRight && allClose(a.dx, batch.dout, RTOL)) found.push("no-mask");
  if (!dxRight && allClose(a.dx, maskedBy((v) => v <= 0, batch.x), RTOL)) found.push("inverted-mask");
  if (!dxRight && allClose(a.dx, mapMatrix(batch.dout, (d, i, j) => d * Math.max(0, batch.x[i]?.[j] ?? NaN)), RTOL)) found.push("output-as-derivative");
  if (a.xChanged === true) found.push("mutates-input");
  if (a.xChanged === false && a.doutChanged === true) found.push("book-backward");
  if (other !== null && !dxRight && allClose(a.dx, maskedBy((v) => v > 0, other.x), RTOL)) found.push("shared-state");
  return found;
}

const suite: CodeSuite<Input, Output> = {
  kind: "code",
  driver: (mod, input) => {
    type Layer = { forward(x: number[][]): unknown; backward(d: number[][]): unknown };
    const ReluClass = mod.Relu as new () => Layer;
    const copy = (m: number[][]): number[][] => m.map((r) => r.slice());
    const snap = (v: unknown): unknown => (Array.isArray(v) ? v.map((r: unknown) => (Array.isArray(r) ? r.slice() : r)) : v);
    const same = (a: number[][], b: number[][]): boolean => a.every((r, i) => r.every((v, j) => v === b[i]?.[j]));
    // A gradient check of the student's own layer: d/dx of Σ forward(x) ⊙ dout, by central differences.
    const numericDx = (x: number[][], dout: number[][]): number[][] => {
      const h = 1e-4;
      const weighted = (xx: number[][]): number => {
        const y = new ReluClass().forward(xx);
        let s = 0;
        if (!Array.isArray(y)) return NaN;
        dout.forEach((r, i) => r.forEach((d, j) => (s += d * Number((y[i] as unknown[] | undefined)?.[j]))));
        return s;
      };
      return x.map((r, i) => r.map((_, j) => {
        const plus = copy(x);
        const minus = copy(x);
        (plus[i] as number[])[j] = (r[j] as number) + h;
        (minus[i] as number[])[j] = (r[j] as number) - h;
        return (weighted(plus) - weighted(minus)) / (2 * h);
      }));
    };
    const batches = input.second === null ? [input] : [input, input.second];
    const numeric = batches.map((b) => numericDx(copy(b.x), copy(b.dout)));
    // Every forward first, then every backward: two layers in use at once keep their own masks.
    const layers = batches.map(() => new ReluClass());
    const before = batches.map((b) => ({ x: copy(b.x), dout: copy(b.dout) }));
    const outs = layers.map((layer, k) => snap(layer.forward((batches[k] as typeof input).x)));
    const dxs = layers.map((layer, k) => snap(layer.backward((batches[k] as typeof input).dout)));
    const result = batches.map((b, k) => ({
      out: outs[k],
      dx: dxs[k],
      xChanged: !same(b.x, (before[k] as { x: number[][] }).x),
      doutChanged: !same(b.dout, (before[k] as { dout: number[][] }).dout),
      numericDx: numeric[k],
    }));
    return { ...result[0], second: result[1] ?? null };
  },
  publicCases: (rng) => [
    { name: { key: "case.book" }, input: { x: [[1, -0.5, 2], [-2, 3, -1]], dout: [[-1, 2, 0.5], [4, -3, 1]], second: null } },
    randomCase(rng, { key: "case.random" }),
    randomCase(rng, { key: "case.two-layers" }, true),
  ],
  hiddenCases: (rng) => [
    ...Array.from({ length: 10 }, (_, i) => randomCase(rng, { key: "case.random-n", params: { n: i + 1 } })),
    randomCase(rng, numbered("case.two-layers", 1), true),
    randomCase(rng, numbered("case.two-layers", 2), true),
  ],
  expected: reference,
  check: (input, actual, e) => {
    if (actual === null || typeof actual !== "object") return [{ key: "check.no-output" }];
    const a = actual as Partial<Record<keyof Output, unknown>>;
    const failures = layerFailures(input, a, e, input.second === null ? null : "layer.first");
    if (input.second !== null && e.second !== null) {
      const second = (a.second ?? {}) as Partial<Record<keyof LayerOutput, unknown>>;
      failures.push(...layerFailures(input.second, second, e.second, "layer.second"));
    }
    return failures;
  },
  diagnose: (input, actual, e) => {
    const a = (actual ?? {}) as Partial<Record<keyof Output, unknown>>;
    const first = layerFailures(input, a, e, null).length > 0 ? mistakesOf(input, a, e, input.second) : null;
    const second = input.second !== null && e.second !== null ? (a.second ?? {}) as Partial<Record<keyof LayerOutput, unknown>> : null;
    const secondFound = second !== null && input.second !== null && e.second !== null && layerFailures(input.second, second, e.second, null).length > 0 ? mistakesOf(input.second, second, e.second, input) : null;
    // What every wrong layer of the case shows.
    const lists = [first, secondFound].filter((l): l is Diagnosed[] => l !== null);
    const [head, ...rest] = lists;
    return (head ?? []).filter((id) => rest.every((l) => l.includes(id)));
  },
  rtol: RTOL,
};

export default suite;
