import { Affine, allClose, distinctInts, isRatio, matmul, randomMatrix, randomVector, tensorShape, transpose, uniformRatio, type Matrix, type Rng } from "@/lib/engine";
import type { CodeCase, CodeSuite, Diagnosed, Text } from "@/lib/exercises/suite-types";

interface Layer {
  W: Matrix;
  b: number[];
  x: Matrix;
  dout: Matrix;
}

interface Input extends Layer {
  /**
   * A second Affine used at once (both built, forward, forward, backward, backward, as in a
   * network): each object must keep its own W, b and x. Only the first layer's results are graded.
   */
  other?: Layer;
}

interface Output {
  out: Matrix;
  dx: Matrix;
  dW: Matrix;
  db: number[];
  /** The numerical gradient of the layer's own forward (the reference's equals its dx). */
  numericDx: Matrix;
}

const RTOL = 1e-9;

function reference(input: Input): Output {
  const layer = new Affine(input.W.map((r) => r.slice()), input.b.slice());
  const out = layer.forward(input.x);
  const dx = layer.backward(input.dout);
  return { out, dx, dW: layer.dW, db: layer.db, numericDx: dx };
}

/** N, D, M all different and N ≥ 2: square shapes hide transposes, batch size 1 hides the sum. */
function randomCase(rng: Rng, name: Text, wide: boolean): CodeCase<Input> {
  const [a = 2, c = 3, n = 4] = distinctInts(rng, 3, 2, 6);
  // wide: more outputs than inputs (M > D); otherwise D > M, like most layers.
  const [d, m] = wide ? [Math.min(a, c), Math.max(a, c)] : [Math.max(a, c), Math.min(a, c)];
  return {
    name,
    input: {
      W: randomMatrix(rng, d, m, -2, 2),
      b: randomVector(rng, m, -1, 1),
      x: randomMatrix(rng, n, d, -3, 3),
      dout: randomMatrix(rng, n, m, -2, 2, 0.1),
    },
  };
}

/** Two layers at once: the second has the first's shapes and other numbers. */
function twoLayers(rng: Rng, name: Text): CodeCase<Input> {
  const c = randomCase(rng, name, false);
  const [n, d, m] = [c.input.x.length, c.input.W.length, c.input.b.length];
  const other = { W: randomMatrix(rng, d, m, -2, 2), b: randomVector(rng, m, -1, 1), x: randomMatrix(rng, n, d, -3, 3), dout: randomMatrix(rng, n, m, -2, 2, 0.1) };
  return { name, input: { ...c.input, other } };
}

type Verdict = "ok" | "shape" | "finite" | "wrong";

function verdict(v: unknown, ref: number[] | Matrix): Verdict {
  if (!Array.isArray(v) || v.length !== ref.length) return "shape";
  const cells: [unknown, number][] = [];
  for (let i = 0; i < ref.length; i++) {
    const r = ref[i];
    const a: unknown = v[i];
    if (typeof r === "number") cells.push([a, r]);
    else if (r !== undefined) {
      if (!Array.isArray(a) || a.length !== r.length) return "shape";
      r.forEach((x, j) => cells.push([a[j], x]));
    }
  }
  if (cells.some(([a]) => typeof a !== "number" || !Number.isFinite(a))) return cells.some(([a]) => Array.isArray(a)) ? "shape" : "finite";
  return cells.every(([a, e]) => Math.abs((a as number) - e) <= RTOL * Math.abs(e) + 1e-12) ? "ok" : "wrong";
}

const suite: CodeSuite<Input, Output> = {
  kind: "code",
  driver: (mod, input) => {
    const AffineClass = mod.Affine as new (W: number[][], b: number[]) => {
      forward(x: number[][]): unknown;
      backward(d: number[][]): unknown;
      dW: unknown;
      db: unknown;
    };
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
    const fresh = () => {
      const l = new AffineClass(input.W.map((r) => r.slice()), input.b.slice());
      return (xx: number[][]) => l.forward(xx);
    };
    const numeric = numericDx(fresh, input.x, input.dout);
    const layer = new AffineClass(input.W, input.b);
    const second = input.other ? new AffineClass(input.other.W, input.other.b) : null;
    const out = snap(layer.forward(input.x));
    if (second && input.other) second.forward(input.other.x);
    const dx = snap(layer.backward(input.dout));
    const [dW, db] = [snap(layer.dW), snap(layer.db)];
    if (second && input.other) second.backward(input.other.dout);
    return { out, dx, dW, db, numericDx: numeric };
  },
  publicCases: (rng) => [
    { name: { key: "case.book" }, input: { W: [[1, 2, 3], [4, 5, 6]], b: [0, 0, 0], x: [[1, 2], [3, 4]], dout: [[1, 2, 3], [4, 5, 6]] } },
    { name: { key: "case.worked" }, input: { W: [[1, 2, 3], [4, 5, 6]], b: [0, 0, 0], x: [[1, 2], [3, 4]], dout: [[1, 1, 1], [1, 1, 1]] } },
    randomCase(rng, { key: "case.random-batch" }, false),
    twoLayers(rng, { key: "case.two-layers" }),
  ],
  hiddenCases: (rng) => [
    ...Array.from({ length: 8 }, (_, i) => randomCase(rng, { key: "case.random-batch-n", params: { n: i + 1 } }, false)),
    randomCase(rng, { key: "case.wide-n", params: { n: 1 } }, true),
    randomCase(rng, { key: "case.wide-n", params: { n: 2 } }, true),
    twoLayers(rng, { key: "case.two-layers-n", params: { n: 1 } }),
    twoLayers(rng, { key: "case.two-layers-n", params: { n: 2 } }),
  ],
  expected: reference,
  check: (input, actual, e) => {
    if (actual === null || typeof actual !== "object") return [{ key: "check.no-outputs" }];
    const a = actual as Partial<Record<keyof Output, unknown>>;
    const shapes: Record<Exclude<keyof Output, "numericDx">, Text> = {
      out: { key: "check.shape-out" },
      dx: { key: "check.shape-dx" },
      dW: { key: "check.shape-dW" },
      db: { key: "check.shape-db" },
    };
    // What the messages name: code, the same in every language.
    const names: Record<Exclude<keyof Output, "numericDx">, string> = { out: "forward: x·W + b", dx: "backward: dx", dW: "backward: dW", db: "backward: db" };
    const failed = (Object.keys(shapes) as (keyof typeof shapes)[]).filter((k) => verdict(a[k], e[k]) !== "ok");
    const failures = failed.map((k): Text => {
      const v = verdict(a[k], e[k]);
      if (v === "shape") return shapes[k];
      return { key: v === "finite" ? "check.not-finite" : "check.wrong", params: { name: names[k] } };
    });
    const forwardOk = !failed.includes("out");
    if (forwardOk && failed.includes("dx") && Array.isArray(a.numericDx) && !allClose(a.dx, a.numericDx as Matrix, 1e-4, 1e-6)) {
      failures.push({ key: "check.numeric-disagrees" });
    }
    if (input.other && failures.length > 0) {
      failures.push({ key: "check.two-objects" });
    }
    return failures;
  },
  diagnose: (input, actual, e) => {
    const a = (actual ?? {}) as Partial<Record<keyof Output, unknown>>;
    const n = input.x.length;
    const [d, m] = [input.W.length, input.b.length];
    const found: Diagnosed[] = [];
    const close = (v: unknown, ref: Matrix | number[]): boolean => allClose(v, ref, RTOL);
    const outWithoutBias = matmul(input.x, input.W);
    if (!close(a.out, e.out) && close(a.out, outWithoutBias)) found.push("no-bias");
    const dbRatio = uniformRatio(a.db, e.db, 1e-6);
    const dWRatio = uniformRatio(a.dW, e.dW, 1e-6);
    if (isRatio(dbRatio, 1 / n) && isRatio(dWRatio, 1 / n)) found.push("averaged-gradients");
    if (isRatio(dbRatio, 1 / n) && close(a.dW, e.dW)) found.push("db-mean");
    if (close(a.db, input.dout)) found.push("db-unsummed");
    const dbShape = tensorShape(a.db);
    if (dbShape !== null && dbShape.length === 1 && dbShape[0] === n && n !== m) {
      found.push({ id: "db-wrong-axis", message: { key: "diagnose.db-wrong-axis", params: { n, m } } });
    }
    if (close(a.dW, matmul(transpose(input.dout), input.x))) found.push("dw-transposed");
    const dxShape = tensorShape(a.dx);
    if (dxShape !== null && dxShape.length === 2 && dxShape[0] === n && dxShape[1] === m && m !== d) found.push("dx-no-transpose");
    // The second layer's x, W or b where this layer's belong: the state lives outside the object.
    const o = input.other;
    if (o && (!close(a.out, e.out) || !close(a.dx, e.dx) || !close(a.dW, e.dW))) {
      const sharedX = close(a.dW, matmul(transpose(o.x), input.dout));
      const sharedW = close(a.dx, matmul(input.dout, transpose(o.W))) || close(a.out, matmul(input.x, o.W).map((r) => r.map((v, j) => v + (o.b[j] ?? NaN))));
      if (sharedX || sharedW) found.push("shared-state");
    }
    return found;
  },
  rtol: RTOL,
};

export default suite;
