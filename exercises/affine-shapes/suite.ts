import { Affine, distinctInts, randomMatrix, createRng, shapeOf } from "@/lib/engine";
import type { QuizSuite, Text } from "@/lib/exercises/suite-types";

interface Params {
  N: number;
  D: number;
  M: number;
  /** Statement keys in display order. */
  shown: string[];
}

type Shape = [number, number] | [number];

const fmtShape = (s: Shape): string => (s.length === 1 ? `(${s[0]},)` : `(${s[0]}, ${s[1]})`);

type Grad = "dx" | "dW" | "db" | "dY";

/** Runs the engine's Affine on random data of these sizes and reads the shapes back. */
function realShapes(p: Params): Record<Grad, Shape> {
  const rng = createRng(`${p.N}x${p.D}x${p.M}`);
  const layer = new Affine(randomMatrix(rng, p.D, p.M), randomMatrix(rng, 1, p.M)[0] ?? []);
  const y = layer.forward(randomMatrix(rng, p.N, p.D));
  // The upstream gradient has the shape of the layer's output.
  const dY = randomMatrix(rng, ...shapeOf(y));
  const dx = layer.backward(dY);
  return { dx: shapeOf(dx), dW: shapeOf(layer.dW), db: [layer.db.length], dY: shapeOf(dY) };
}

// Each statement claims a shape for one gradient: the right one, and the usual wrong ones.
const RIGHT = ["dx-right", "dW-right", "db-right", "dY-right"];
const WRONG = ["dx-out", "dx-transposed", "dW-transposed", "db-unsummed", "db-batch", "dY-transposed"];

function statements(p: Params): Record<string, { grad: Grad; shape: Shape }> {
  const { N, D, M } = p;
  return {
    "dx-right": { grad: "dx", shape: [N, D] },
    "dx-out": { grad: "dx", shape: [N, M] },
    "dx-transposed": { grad: "dx", shape: [D, N] },
    "dW-right": { grad: "dW", shape: [D, M] },
    "dW-transposed": { grad: "dW", shape: [M, D] },
    "db-right": { grad: "db", shape: [M] },
    "db-unsummed": { grad: "db", shape: [N, M] },
    "db-batch": { grad: "db", shape: [N] },
    "dY-right": { grad: "dY", shape: [N, M] },
    "dY-transposed": { grad: "dY", shape: [M, N] },
  };
}

// Symbols are the same in every language; dY's gloss is a message (exercise.json `messages`).
const NAMES: Record<Grad, Text> = { dx: "∂L/∂X", dW: "∂L/∂W", db: "∂L/∂b", dY: { key: "name.dY" } };
const optionId = (position: number): string => `s${position + 1}`;

function isTrue(p: Params, key: string): boolean {
  const claim = statements(p)[key];
  if (claim === undefined) return false;
  return fmtShape(realShapes(p)[claim.grad]) === fmtShape(claim.shape);
}

const suite: QuizSuite<Params> = {
  kind: "choice",
  variant(rng) {
    // Three different sizes (N ≥ 2): with a square W a transposed dW would look right. Between
    // one and four of the six statements are right, so counting says nothing.
    const [N = 2, D = 3, M = 4] = distinctInts(rng, 3, 2, 9);
    const right = rng.int(1, 4);
    const shown = rng.shuffle([...rng.shuffle(RIGHT).slice(0, right), ...rng.shuffle(WRONG).slice(0, 6 - right)]);
    return { N, D, M, shown };
  },
  present: (p) => ({
    kind: "choice",
    vars: { N: p.N, D: p.D, M: p.M },
    multiple: true,
    options: p.shown.map((key, position) => {
      const s = statements(p)[key];
      return { id: optionId(position), label: s ? { key: "label.shape", params: { grad: NAMES[s.grad], shape: fmtShape(s.shape) } } : key };
    }),
  }),
  answer: (p) => ({ kind: "choice", selected: p.shown.flatMap((key, i) => (isTrue(p, key) ? [optionId(i)] : [])) }),
  hint: () => ({ key: "hint.shapes" }),
};

export default suite;
