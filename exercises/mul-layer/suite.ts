import { distinctPair, MulLayer, roundTo, type Rng } from "@/lib/engine";
import type { CodeCase, CodeSuite, Diagnosed, Text } from "@/lib/exercises/suite-types";

// Every text a student reads is a key of exercise.json `messages` (English and Korean there).
const numbered = (key: string, n: number): Text => ({ key: "case.numbered", params: { name: { key }, n } });

interface Product {
  x: number;
  y: number;
  dout: number;
}
/** One layer, or two layers used at once (forward, forward, backward, backward). */
type Input = Product | { first: Product; second: Product };

interface Pass {
  forward: number;
  backward: { dx: number; dy: number };
}
type Output = Pass | { first: Pass; second: Pass };

/** An upstream gradient that is never 1 (or close), so a missing dout factor shows. */
function upstream(rng: Rng): number {
  for (;;) {
    const d = roundTo(rng.uniform(-3, 3), 2);
    if (Math.abs(d - 1) > 0.2 && Math.abs(d) > 0.1) return d;
  }
}

function product(rng: Rng, lo: number, hi: number): Product {
  const [x, y] = distinctPair(rng, lo, hi, 2, 0.5);
  return { x, y, dout: upstream(rng) };
}

const randomCase = (rng: Rng, name: Text, lo: number, hi: number): CodeCase<Input> => ({ name, input: product(rng, lo, hi) });

/** Two layers whose inputs all differ, so a layer that reads the other's inputs shows. */
function twoLayers(rng: Rng, name: Text): CodeCase<Input> {
  for (;;) {
    const first = product(rng, -9, 9);
    const second = product(rng, -9, 9);
    const values = [first.x, first.y, second.x, second.y];
    if (new Set(values).size === 4 && values.every((v) => Math.abs(v) >= 0.5)) return { name, input: { first, second } };
  }
}

function pass(p: Product, layer = new MulLayer()): Pass {
  const forward = layer.forward(p.x, p.y);
  const [dx, dy] = layer.backward(p.dout);
  return { forward, backward: { dx, dy } };
}

const RTOL = 1e-9;
const near = (a: unknown, e: number): boolean => typeof a === "number" && Math.abs(a - e) <= RTOL * Math.abs(e) + 1e-12;

/** What one layer's output says about the mistake behind it; `other` is the second layer's inputs. */
function mistakesOf(p: Product, actual: unknown, other: Product | null): Diagnosed[] {
  const a = (actual ?? {}) as { forward?: unknown; backward?: { dx?: unknown; dy?: unknown } | null };
  const dx = a.backward?.dx;
  const dy = a.backward?.dy;
  const found: Diagnosed[] = [];
  // Whatever the fields started as (0, null, undefined, NaN), backward did not see this forward's inputs.
  const unset = (v: unknown): boolean => v === undefined || v === null || (typeof v === "number" && (Number.isNaN(v) || v === 0));
  if (near(a.forward, p.x * p.y) && unset(dx) && unset(dy)) found.push("not-stored");
  // Each input's own value instead of the other's, with or without dout.
  if ((near(dx, p.dout * p.x) && near(dy, p.dout * p.y)) || (near(dx, p.x) && near(dy, p.y))) found.push("swapped");
  if (near(dx, p.dout) && near(dy, p.dout)) found.push("dout-dout");
  if (near(dx, p.y) && near(dy, p.x)) found.push("no-dout");
  if (other !== null && near(dx, p.dout * other.y) && near(dy, p.dout * other.x)) found.push("shared-state");
  return found;
}

const suite: CodeSuite<Input, Output> = {
  kind: "code",

  // Runs in the sandbox: self-contained, no imports.
  driver: (mod, input) => {
    type Layer = { forward(x: number, y: number): unknown; backward(dout: number): unknown };
    const MulLayerClass = mod.MulLayer as new () => Layer;
    const grads = (g: unknown) => {
      // A message key (exercise.json messages): the grader shows its text in the student's language.
      if (!Array.isArray(g)) throw new Error("msg:driver.not-array");
      return { dx: g[0] as unknown, dy: g[1] as unknown };
    };
    if ("first" in input) {
      // Two products at once, like the tax and apple layers of one graph: each layer object must
      // keep its own inputs.
      const a = new MulLayerClass();
      const b = new MulLayerClass();
      const fa = a.forward(input.first.x, input.first.y);
      const fb = b.forward(input.second.x, input.second.y);
      const ga = grads(a.backward(input.first.dout));
      const gb = grads(b.backward(input.second.dout));
      return { first: { forward: fa, backward: ga }, second: { forward: fb, backward: gb } };
    }
    const layer = new MulLayerClass();
    const forward = layer.forward(input.x, input.y);
    return { forward, backward: grads(layer.backward(input.dout)) };
  },

  publicCases: (rng) => [
    { name: { key: "case.apple" }, input: { x: 100, y: 2, dout: 1.1 } },
    { name: { key: "case.apple-tax" }, input: { x: 200, y: 1.1, dout: 1 } },
    randomCase(rng, { key: "case.random" }, -5, 5),
    { name: { key: "case.two-layers" }, input: { first: { x: 100, y: 2, dout: 1.1 }, second: { x: 200, y: 1.1, dout: 1 } } },
  ],

  hiddenCases: (rng) => [
    randomCase(rng, { key: "case.positive" }, 0.5, 10),
    randomCase(rng, numbered("case.positive", 2), 0.5, 10),
    randomCase(rng, { key: "case.negative" }, -10, -0.5),
    randomCase(rng, { key: "case.mixed" }, -10, 10),
    randomCase(rng, numbered("case.mixed", 2), -10, 10),
    randomCase(rng, { key: "case.small" }, -1, 1),
    randomCase(rng, { key: "case.large" }, 100, 1000),
    // A formula reads the same in every language: a plain string.
    { name: "x = 0", input: { x: 0, y: roundTo(rng.uniform(1, 9), 2), dout: upstream(rng) } },
    randomCase(rng, { key: "case.prices" }, 50, 300),
    randomCase(rng, numbered("case.mixed", 3), -100, 100),
    randomCase(rng, { key: "case.fractions" }, 0.01, 0.99),
    randomCase(rng, numbered("case.mixed", 4), -3, 3),
    twoLayers(rng, numbered("case.two-layers", 1)),
    twoLayers(rng, numbered("case.two-layers", 2)),
  ],

  expected: (input) => ("first" in input ? { first: pass(input.first), second: pass(input.second) } : pass(input)),

  diagnose: (input, actual) => {
    if (!("first" in input)) return mistakesOf(input, actual, null);
    // A two-layer case fails on the layer that went wrong; its signature names the mistake.
    const a = (actual ?? {}) as { first?: unknown; second?: unknown };
    const expected = { first: pass(input.first), second: pass(input.second) };
    const wrong = (part: unknown, e: Pass): boolean => {
      const p = (part ?? {}) as { forward?: unknown; backward?: { dx?: unknown; dy?: unknown } | null };
      return !(near(p.forward, e.forward) && near(p.backward?.dx, e.backward.dx) && near(p.backward?.dy, e.backward.dy));
    };
    const lists = [
      wrong(a.first, expected.first) ? mistakesOf(input.first, a.first, input.second) : null,
      wrong(a.second, expected.second) ? mistakesOf(input.second, a.second, input.first) : null,
    ].filter((l): l is Diagnosed[] => l !== null);
    // What every wrong layer of the case shows.
    const [head, ...rest] = lists;
    return (head ?? []).filter((id) => rest.every((l) => l.includes(id)));
  },

  rtol: RTOL,
};

export default suite;
