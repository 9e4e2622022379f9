import { roundTo, Sigmoid, uniformAwayFromZero } from "@/lib/engine";
import type { QuizSuite } from "@/lib/exercises/suite-types";

interface Params {
  x: number;
  dout: number;
}

/** The engine's Sigmoid layer on a 1×1 batch. */
function sigmoidBackward(x: number, dout: number): number {
  const layer = new Sigmoid();
  layer.forward([[x]]);
  return layer.backward([[dout]])[0]?.[0] ?? NaN;
}

/** The largest local gradient, found with the engine by scanning x (it peaks at x = 0). */
function maxLocalGradient(): number {
  let best = 0;
  for (let i = -400; i <= 400; i++) best = Math.max(best, sigmoidBackward(i / 100, 1));
  return best;
}

const suite: QuizSuite<Params> = {
  kind: "numeric",
  variant: (rng) => ({
    x: roundTo(uniformAwayFromZero(rng, -3, 3, 0.5), 1),
    dout: rng.pick([0.5, 1.5, 2, 3, -2, -0.5]),
  }),
  present: (p) => ({
    kind: "numeric",
    vars: { x: p.x, dout: p.dout },
    fields: [
      // Labels and hints are keys of exercise.json `messages` (English and Korean).
      { id: "maxLocal", label: { key: "label.max-local" } },
      { id: "dx", label: { key: "label.dx", params: { x: p.x } } },
    ],
  }),
  answer: (p) => ({ kind: "numeric", values: { maxLocal: maxLocalGradient(), dx: sigmoidBackward(p.x, p.dout) } }),
  hint: (_p, field) =>
    field === "maxLocal" ? { key: "hint.max-local" } : { key: "hint.dx" },
};

export default suite;
