import { Affine, distinctInts, randomMatrix, createRng, shapeOf } from "@/lib/engine";
import type { QuizSuite } from "@/lib/exercises/suite-types";

interface Params {
  N: number;
  D: number;
  M: number;
  /** Statement keys in display order. */
  shown: string[];
}

type Shape = [number, number] | [number];

const fmtShape = (s: Shape): string => (s.length === 1 ? `(${s[0]},)` : `(${s[0]}, ${s[1]})`);

/** Runs the engine's Affine on random data of these sizes and reads the gradient shapes back. */
function realShapes(p: Params): { dx: Shape; dW: Shape; db: Shape } {
  const rng = createRng(`${p.N}x${p.D}x${p.M}`);
  const layer = new Affine(randomMatrix(rng, p.D, p.M), randomMatrix(rng, 1, p.M)[0] ?? []);
  layer.forward(randomMatrix(rng, p.N, p.D));
  const dx = layer.backward(randomMatrix(rng, p.N, p.M));
  return { dx: shapeOf(dx), dW: shapeOf(layer.dW), db: [layer.db.length] };
}

/** Each statement claims a shape for one gradient; right and wrong claims of every kind. */
function statements(p: Params): Record<string, { grad: "dx" | "dW" | "db"; shape: Shape }> {
  const { N, D, M } = p;
  return {
    "dx-right": { grad: "dx", shape: [N, D] },
    "dx-out": { grad: "dx", shape: [N, M] },
    "dW-right": { grad: "dW", shape: [D, M] },
    "dW-transposed": { grad: "dW", shape: [M, D] },
    "db-right": { grad: "db", shape: [M] },
    "db-unsummed": { grad: "db", shape: [N, M] },
  };
}

const NAMES = { dx: "∂L/∂X", dW: "∂L/∂W", db: "∂L/∂b" };
const optionId = (position: number): string => `s${position + 1}`;

function isTrue(p: Params, key: string): boolean {
  const claim = statements(p)[key];
  if (claim === undefined) return false;
  return fmtShape(realShapes(p)[claim.grad]) === fmtShape(claim.shape);
}

const suite: QuizSuite<Params> = {
  kind: "choice",
  variant(rng) {
    // Three different sizes (N ≥ 2): with a square W a transposed dW would look right.
    const [N = 2, D = 3, M = 4] = distinctInts(rng, 3, 2, 9);
    return { N, D, M, shown: rng.shuffle(Object.keys(statements({ N, D, M, shown: [] }))) };
  },
  present: (p) => ({
    kind: "choice",
    vars: { N: p.N, D: p.D, M: p.M },
    multiple: true,
    options: p.shown.map((key, position) => {
      const s = statements(p)[key];
      return { id: optionId(position), label: s ? `${NAMES[s.grad]} has shape ${fmtShape(s.shape)}` : key };
    }),
  }),
  answer: (p) => ({ kind: "choice", selected: p.shown.flatMap((key, i) => (isTrue(p, key) ? [optionId(i)] : [])) }),
  hint: () => "Each gradient has the shape of its variable: X is N × D, W is D × M, b has M entries.",
};

export default suite;
