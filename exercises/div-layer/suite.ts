import { allClose, distinctPair, Graph, roundTo, type GraphSpec, type Rng } from "@/lib/engine";
import type { CodeCase, CodeSuite, Diagnosed, Text } from "@/lib/exercises/suite-types";

// Every text a student reads is a key of exercise.json `messages` (English and Korean there).
const numbered = (key: string, n: number): Text => ({ key: "case.numbered", params: { name: { key }, n } });

interface Quotient {
  x: number;
  y: number;
  dout: number;
}

interface Input extends Quotient {
  /**
   * A second DivLayer used at once (forward, forward, backward, backward, as in a graph with two
   * ÷ nodes): each object must keep its own x and y. Only the first layer's results are graded.
   */
  other?: Quotient;
}

interface Output {
  forward: number;
  dx: number;
  dy: number;
  /** Central differences of dout · forward(x, y) of the student's own layer, at this (x, y). */
  numericDx: number;
  numericDy: number;
}

const RTOL = 1e-9;
/** Between a backward and central differences of its own forward (h = 1e-4): float noise only. */
const CHECK_RTOL = 1e-5;

const quotient = (x: number, y: number): GraphSpec => ({
  nodes: [
    { id: "x", op: "input", inputs: [], value: x },
    { id: "y", op: "input", inputs: [], value: y },
    { id: "z", op: "div", inputs: ["x", "y"] },
  ],
  output: "z",
});

/** The engine's division node: z = x / y, backward from dout. */
function reference(input: Input): Output {
  const g = new Graph(quotient(input.x, input.y));
  g.forward();
  g.backward(input.dout);
  return { forward: g.value("z"), dx: g.grad("x"), dy: g.grad("y"), numericDx: g.grad("x"), numericDy: g.grad("y") };
}

/** x ≠ ±y, |y| ≥ 0.5 (the rule blows up at 0), dout ≠ ±1: every wrong factor shows. */
function randomCase(rng: Rng, name: Text, lo: number, hi: number): CodeCase<Input> {
  for (;;) {
    const [x, y] = distinctPair(rng, lo, hi, 2, 0.5);
    const dout = roundTo(rng.pick([-1, 1]) * rng.uniform(0.3, 3), 2);
    if (Math.abs(y) >= 0.5 && Math.abs(x) >= 0.2 && Math.abs(Math.abs(x) - Math.abs(y)) >= 0.3 && Math.abs(Math.abs(dout) - 1) >= 0.2) return { name, input: { x, y, dout } };
  }
}

/** Two layers at once: the second's x and y differ from the first's. */
function twoLayers(rng: Rng, name: Text): CodeCase<Input> {
  for (;;) {
    const first = randomCase(rng, name, -9, 9).input;
    const other = randomCase(rng, name, -9, 9).input;
    if (Math.abs(first.x - other.x) >= 0.5 && Math.abs(first.y - other.y) >= 0.5) return { name, input: { ...first, other } };
  }
}

const near = (a: unknown, e: number, rtol = RTOL): boolean => typeof a === "number" && Number.isFinite(a) && Math.abs(a - e) <= rtol * Math.abs(e) + 1e-12;

const suite: CodeSuite<Input, Output> = {
  kind: "code",
  driver: (mod, input) => {
    type Layer = { forward(x: number, y: number): unknown; backward(dout: number): unknown };
    const DivLayerClass = mod.DivLayer as new () => Layer;
    // The numerical gradient of the student's own forward, as their gradient check would take it.
    const h = 1e-4;
    const f = (x: number, y: number): number => input.dout * Number(new DivLayerClass().forward(x, y));
    const numericDx = (f(input.x + h, input.y) - f(input.x - h, input.y)) / (2 * h);
    const numericDy = (f(input.x, input.y + h) - f(input.x, input.y - h)) / (2 * h);
    const layer = new DivLayerClass();
    const second = input.other ? new DivLayerClass() : null;
    const forward = layer.forward(input.x, input.y);
    if (second && input.other) second.forward(input.other.x, input.other.y);
    const grads = layer.backward(input.dout);
    if (second && input.other) second.backward(input.other.dout);
    if (!Array.isArray(grads)) throw new Error("msg:driver.not-array");
    return { forward, dx: grads[0] as unknown, dy: grads[1] as unknown, numericDx, numericDy };
  },
  publicCases: (rng) => [
    { name: "6 / 3, dout = 1", input: { x: 6, y: 3, dout: 1 } },
    { name: "1 / 4, dout = 2", input: { x: 1, y: 4, dout: 2 } },
    randomCase(rng, { key: "case.random" }, -5, 5),
    twoLayers(rng, { key: "case.two-layers" }),
  ],
  hiddenCases: (rng) => [
    ...Array.from({ length: 4 }, (_, i) => randomCase(rng, numbered("case.positive", i + 1), 0.5, 9)),
    ...Array.from({ length: 4 }, (_, i) => randomCase(rng, numbered("case.mixed", i + 1), -9, 9)),
    randomCase(rng, { key: "case.small" }, -2, 2),
    randomCase(rng, { key: "case.large" }, 50, 500),
    twoLayers(rng, numbered("case.two-layers", 1)),
    twoLayers(rng, numbered("case.two-layers", 2)),
  ],
  expected: reference,
  check: (input, actual, e) => {
    const a = (actual ?? {}) as Partial<Record<keyof Output, unknown>>;
    const failures: Text[] = [];
    if (!near(a.forward, e.forward)) failures.push({ key: "check.forward" });
    // The grade is the gradient check against the student's own forward, as the prompt says.
    const own = (g: unknown, n: unknown): boolean => typeof n === "number" && near(g, n, CHECK_RTOL);
    if (!own(a.dx, a.numericDx)) failures.push({ key: "check.dx-numeric" });
    if (!own(a.dy, a.numericDy)) failures.push({ key: "check.dy-numeric" });
    if (failures.length === 0 && !(near(a.dx, e.dx) && near(a.dy, e.dy))) failures.push({ key: "check.float-noise" });
    if (input.other && failures.length > 0) failures.push({ key: "check.two-layers" });
    return failures;
  },
  diagnose: (input, actual, e) => {
    const a = (actual ?? {}) as Partial<Record<keyof Output, unknown>>;
    if (!near(a.forward, e.forward)) return [];
    const { x, y, dout } = input;
    const found: Diagnosed[] = [];
    const pair = (dx: number, dy: number): boolean => near(a.dx, dx) && near(a.dy, dy);
    const dxRight = near(a.dx, e.dx);
    // Only a wrong dy says which wrong rule made it (with y = 1, −x/y and −x/y² agree).
    const dyWrong = !near(a.dy, e.dy);
    const unset = (v: unknown): boolean => v === undefined || v === null || (typeof v === "number" && (Number.isNaN(v) || v === 0));
    if (unset(a.dx) && unset(a.dy)) found.push("not-stored");
    if (dxRight && dyWrong && near(a.dy, -e.dy)) found.push("dy-sign");
    if (dxRight && dyWrong && (near(a.dy, (-dout * x) / y) || near(a.dy, (dout * x) / y))) found.push("dy-power");
    if (dxRight && dyWrong && near(a.dy, -dout / (y * y))) found.push("dy-no-x");
    if (dxRight && dyWrong && near(a.dy, (dout * (y - x)) / (y * y))) found.push("quotient-rule");
    if ((!dxRight || dyWrong) && (pair(dout * y, dout * x) || pair(dout / y, dout / x))) found.push("mul-rule");
    if ((!dxRight || dyWrong) && pair(1 / y, -x / (y * y))) found.push("no-dout");
    if (!dxRight && near(a.dx, dout * y) && near(a.dy, e.dy)) found.push("dx-times-y");
    if ((!dxRight || dyWrong) && allClose([a.dx, a.dy], [e.dy, e.dx], RTOL)) found.push("swapped");
    // The second layer's x and y where this layer's belong: the state lives outside the object.
    const o = input.other;
    if (o && (!dxRight || dyWrong) && pair(dout / o.y, (-dout * o.x) / (o.y * o.y))) found.push("shared-state");
    return found;
  },
  rtol: RTOL,
};

export default suite;
