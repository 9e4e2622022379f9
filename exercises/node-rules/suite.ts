import { AddLayer, MulLayer, roundTo } from "@/lib/engine";
import type { QuizSuite } from "@/lib/exercises/suite-types";

interface Params {
  x: number;
  y: number;
  dout: number;
  /** Statement keys in display order. */
  shown: StatementKey[];
}

type StatementKey = "add-pass" | "add-swap" | "add-half" | "mul-swap" | "mul-noswap" | "mul-pass";

const KEYS: StatementKey[] = ["add-pass", "add-swap", "add-half", "mul-swap", "mul-noswap", "mul-pass"];

const fmt = (v: number): string => String(roundTo(v, 6));

/** Every statement's (dx, dy) claim; the true ones are exactly the engine's layer outputs. */
function claims(p: Params): Record<StatementKey, { node: "add" | "mul"; dx: number; dy: number }> {
  const { x, y, dout } = p;
  return {
    "add-pass": { node: "add", dx: dout, dy: dout },
    "add-swap": { node: "add", dx: dout * y, dy: dout * x },
    "add-half": { node: "add", dx: dout / 2, dy: dout / 2 },
    "mul-swap": { node: "mul", dx: dout * y, dy: dout * x },
    "mul-noswap": { node: "mul", dx: dout * x, dy: dout * y },
    "mul-pass": { node: "mul", dx: dout, dy: dout },
  };
}

function isTrue(p: Params, key: StatementKey): boolean {
  const claim = claims(p)[key];
  const layer = claim.node === "add" ? new AddLayer() : new MulLayer();
  layer.forward(p.x, p.y);
  const [dx, dy] = layer.backward(p.dout);
  return Math.abs(dx - claim.dx) < 1e-9 && Math.abs(dy - claim.dy) < 1e-9;
}

const optionId = (position: number): string => `s${position + 1}`;

const suite: QuizSuite<Params> = {
  kind: "choice",
  variant(rng) {
    // x ≠ y, neither is 1 and dout ≠ 1, so every wrong rule gives different numbers than the right one.
    for (;;) {
      const x = rng.int(2, 9);
      const y = rng.int(2, 9);
      const dout = rng.pick([1.5, 2, 2.5, 3, 4, 0.5]);
      if (x === y || x * dout === y || y * dout === x) continue;
      return { x, y, dout, shown: rng.shuffle(KEYS) };
    }
  },
  present: (p) => ({
    kind: "choice",
    vars: { x: p.x, y: p.y, dout: p.dout },
    multiple: true,
    options: p.shown.map((key, position) => {
      const c = claims(p)[key];
      const name = c.node === "add" ? "Add node (x + y)" : "Multiply node (x · y)";
      return { id: optionId(position), label: `${name}: ∂L/∂x = ${fmt(c.dx)} and ∂L/∂y = ${fmt(c.dy)}` };
    }),
  }),
  answer: (p) => ({
    kind: "choice",
    selected: p.shown.flatMap((key, position) => (isTrue(p, key) ? [optionId(position)] : [])),
  }),
  hint: () => "Add passes the upstream gradient through unchanged; multiply sends back the upstream gradient times the *other* input.",
};

export default suite;
