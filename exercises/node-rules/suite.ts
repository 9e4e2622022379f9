import { AddLayer, MulLayer, roundTo } from "@/lib/engine";
import type { QuizSuite } from "@/lib/exercises/suite-types";

interface Params {
  x: number;
  y: number;
  dout: number;
  /** Statement keys in display order. */
  shown: StatementKey[];
}

/** One claim about one partial derivative of one node. */
interface Claim {
  node: "add" | "mul";
  wrt: "x" | "y";
  value: (p: Params) => number;
}

// The rules as they are (one claim per partial), and the usual ways to get them wrong. Which are
// true is decided by the engine's layers (isTrue), not by this list.
const RIGHT = {
  "add-dx": { node: "add", wrt: "x", value: (p) => p.dout },
  "add-dy": { node: "add", wrt: "y", value: (p) => p.dout },
  "mul-dx": { node: "mul", wrt: "x", value: (p) => p.dout * p.y },
  "mul-dy": { node: "mul", wrt: "y", value: (p) => p.dout * p.x },
} satisfies Record<string, Claim>;
const WRONG = {
  "add-dx-swap": { node: "add", wrt: "x", value: (p) => p.dout * p.y },
  "add-dy-half": { node: "add", wrt: "y", value: (p) => p.dout / 2 },
  "add-dx-double": { node: "add", wrt: "x", value: (p) => 2 * p.dout },
  "mul-dx-noswap": { node: "mul", wrt: "x", value: (p) => p.dout * p.x },
  "mul-dy-pass": { node: "mul", wrt: "y", value: (p) => p.dout },
  "mul-dx-local": { node: "mul", wrt: "x", value: (p) => p.y },
} satisfies Record<string, Claim>;
const CLAIMS: Record<string, Claim> = { ...RIGHT, ...WRONG };
type StatementKey = string;

const fmt = (v: number): string => String(roundTo(v, 6));

function isTrue(p: Params, key: StatementKey): boolean {
  const claim = CLAIMS[key];
  if (claim === undefined) return false;
  const layer = claim.node === "add" ? new AddLayer() : new MulLayer();
  layer.forward(p.x, p.y);
  const [dx, dy] = layer.backward(p.dout);
  return Math.abs((claim.wrt === "x" ? dx : dy) - claim.value(p)) < 1e-9;
}

const optionId = (position: number): string => `s${position + 1}`;

const suite: QuizSuite<Params> = {
  kind: "choice",
  variant(rng) {
    // x ≠ y, neither is 1 or 2 and dout ≠ 1, so every wrong rule gives a different number than
    // the right one. Between one and four of the six statements are right, so counting says nothing.
    for (;;) {
      const x = rng.int(3, 9);
      const y = rng.int(3, 9);
      const dout = rng.pick([1.5, 2.5, 3, 4, 0.5]);
      if (x === y || x * dout === y || y * dout === x) continue;
      const right = rng.int(1, 4);
      const shown = rng.shuffle([...rng.shuffle(Object.keys(RIGHT)).slice(0, right), ...rng.shuffle(Object.keys(WRONG)).slice(0, 6 - right)]);
      return { x, y, dout, shown };
    }
  },
  present: (p) => ({
    kind: "choice",
    vars: { x: p.x, y: p.y, dout: p.dout },
    multiple: true,
    options: p.shown.map((key, position) => {
      const c = CLAIMS[key];
      if (c === undefined) return { id: optionId(position), label: key };
      // Words are keys of exercise.json `messages` (English and Korean); the numbers stay numbers.
      const node = { key: c.node === "add" ? "node.add" : "node.mul" };
      return { id: optionId(position), label: { key: "option.claim", params: { node, wrt: c.wrt, value: fmt(c.value(p)) } } };
    }),
  }),
  answer: (p) => ({
    kind: "choice",
    selected: p.shown.flatMap((key, position) => (isTrue(p, key) ? [optionId(position)] : [])),
  }),
  hint: () => ({ key: "hint.rules" }),
};

export default suite;
