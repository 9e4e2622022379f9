import { AddLayer, allClose, distinctPair, isRatio, randomVector, roundTo, uniformRatio, type Rng } from "@/lib/engine";
import type { CodeCase, CodeSuite, Diagnosed, Msg, Text } from "@/lib/exercises/suite-types";

type Tensor = number | number[];

interface Input {
  x: Tensor;
  y: Tensor;
  dout: Tensor;
}

interface Output {
  out: Tensor;
  dx: Tensor;
  dy: Tensor;
  /** Arrays only: did an in-place update of dx change dy? */
  dyChangedByDx: boolean;
  /** Arrays only: did an in-place update of dx or dy change the caller's dout? */
  doutChanged: boolean;
}

const RTOL = 1e-9;

/** Elementwise through the engine's scalar AddLayer, the way NumPy broadcasts the book's layer. */
function reference(input: Input): Output {
  const layer = new AddLayer();
  if (typeof input.x === "number" && typeof input.y === "number" && typeof input.dout === "number") {
    const [dx, dy] = layer.backward(input.dout);
    return { out: layer.forward(input.x, input.y), dx, dy, dyChangedByDx: false, doutChanged: false };
  }
  const xs = input.x as number[];
  const ys = input.y as number[];
  const douts = input.dout as number[];
  const out = xs.map((v, i) => layer.forward(v, ys[i] ?? NaN));
  const grads = douts.map((d) => layer.backward(d));
  return { out, dx: grads.map((g) => g[0]), dy: grads.map((g) => g[1]), dyChangedByDx: false, doutChanged: false };
}

function near(a: unknown, e: Tensor): boolean {
  if (typeof e === "number") return typeof a === "number" && Number.isFinite(a) && Math.abs(a - e) <= RTOL * Math.abs(e) + 1e-12;
  return Array.isArray(a) && a.length === e.length && e.every((v, i) => near(a[i], v));
}

// Values never equal 1 or each other, so a swapped, doubled or multiplied gradient always shows.
const scalar = (rng: Rng, name: Text): CodeCase<Input> => {
  const [x, y] = distinctPair(rng, -9, 9, 2, 0.5);
  const dout = roundTo(rng.pick([-1, 1]) * rng.uniform(1.2, 4), 2);
  return { name, input: { x, y, dout } };
};
const vector = (rng: Rng, name: Text): CodeCase<Input> => {
  const n = rng.int(2, 5);
  return {
    name,
    input: { x: randomVector(rng, n, -5, 5, 0.5), y: randomVector(rng, n, -5, 5, 0.5), dout: randomVector(rng, n, -3, 3, 1.2) },
  };
};

const suite: CodeSuite<Input, Output> = {
  kind: "code",
  // Runs in the sandbox: plain JS only, no outer references.
  driver: (mod, input) => {
    const AddLayerClass = mod.AddLayer as new () => {
      forward: (x: unknown, y: unknown) => unknown;
      backward: (d: unknown) => unknown;
    };
    const layer = new AddLayerClass();
    const out = layer.forward(input.x, input.y);
    const dout = input.dout;
    const doutBefore = Array.isArray(dout) ? dout.slice() : dout;
    const grads = layer.backward(dout) as unknown[];
    const dx = grads[0];
    const dy = grads[1];
    const snap = (v: unknown): unknown => (Array.isArray(v) ? v.slice() : v);
    const result = { out: snap(out), dx: snap(dx), dy: snap(dy), dyChangedByDx: false, doutChanged: false };
    if (Array.isArray(dx) && Array.isArray(dy) && Array.isArray(dout) && Array.isArray(doutBefore)) {
      // An optimizer-style in-place update of dx; dy and dout must not move.
      const dyBefore = dy.slice();
      for (let i = 0; i < dx.length; i++) dx[i] = Number(dx[i]) + 1000;
      result.dyChangedByDx = dy.some((v, i) => v !== dyBefore[i]);
      for (let i = 0; i < dy.length; i++) dy[i] = Number(dy[i]) - 1000;
      result.doutChanged = dout.some((v, i) => v !== doutBefore[i]);
    }
    return result;
  },
  publicCases: (rng) => [
    { name: { key: "case.book" }, input: { x: 3, y: 4, dout: 1.5 } },
    scalar(rng, { key: "case.random-scalars" }),
    { name: { key: "case.arrays" }, input: { x: [1, 2, 3], y: [10, 20, 30], dout: [0.5, -2, 3] } },
  ],
  hiddenCases: (rng) => [
    ...Array.from({ length: 6 }, (_, i) => scalar(rng, { key: "case.scalars-n", params: { n: i + 1 } })),
    ...Array.from({ length: 6 }, (_, i) => vector(rng, { key: "case.arrays-n", params: { n: i + 1 } })),
  ],
  expected: reference,
  check: (input, actual, e) => {
    const a = (actual ?? {}) as Partial<Record<keyof Output, unknown>>;
    const kind: Msg = { key: Array.isArray(input.x) ? "kind.arrays" : "kind.numbers" };
    const failures: Text[] = [];
    if (!near(a.out, e.out)) failures.push({ key: "check.forward-wrong", params: { kind } });
    if (!near(a.dx, e.dx)) failures.push({ key: "check.grad-wrong", params: { grad: "dx", kind } });
    if (!near(a.dy, e.dy)) failures.push({ key: "check.grad-wrong", params: { grad: "dy", kind } });
    if (a.dyChangedByDx === true) failures.push({ key: "check.dy-changed" });
    if (a.doutChanged === true) failures.push({ key: "check.dout-changed" });
    return failures;
  },
  diagnose: (input, actual, e) => {
    const a = (actual ?? {}) as Partial<Record<keyof Output, unknown>>;
    const found: Diagnosed[] = [];
    const times = (u: Tensor, v: Tensor): Tensor => (typeof u === "number" ? u * (v as number) : u.map((x, i) => x * ((v as number[])[i] ?? NaN)));
    const ones = (t: Tensor): Tensor => (typeof t === "number" ? 1 : t.map(() => 1));
    const both = (k: number | null): boolean => k !== null && isRatio(uniformRatio(a.dy, e.dy, 1e-9), k, 1e-9);
    const kx = uniformRatio(a.dx, e.dx, 1e-9);
    if (allClose(a.dx, times(input.dout, input.y), RTOL) && allClose(a.dy, times(input.dout, input.x), RTOL)) found.push("mul-rule");
    if (isRatio(kx, 2) && both(2)) found.push("doubled");
    if (isRatio(kx, 0.5) && both(0.5)) found.push("halved");
    if (allClose(a.dx, ones(input.dout), RTOL) && allClose(a.dy, ones(input.dout), RTOL) && !allClose(e.dx, ones(input.dout), RTOL)) found.push("no-dout");
    // x + y on two arrays is string concatenation in JavaScript.
    if (Array.isArray(input.x) && typeof a.out === "string") found.push("array-concatenation");
    if (a.dyChangedByDx === true || a.doutChanged === true) found.push("shared-array");
    return found;
  },
  rtol: RTOL,
};

export default suite;
