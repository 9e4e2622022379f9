import { AddLayer, distinctPair, MulLayer, randomTax, type Rng } from "@/lib/engine";
import type { CodeCase, CodeSuite, Diagnosed, Text } from "@/lib/exercises/suite-types";

interface Input {
  apple: number;
  appleNum: number;
  orange: number;
  orangeNum: number;
  tax: number;
}

/** One call the student's code made on a layer the driver handed it. */
interface Call {
  layer: number;
  kind: "mul" | "add";
  method: "forward" | "backward";
  args: unknown[];
}

interface Output {
  result: { price: number; dApple: number; dAppleNum: number; dOrange: number; dOrangeNum: number; dTax: number };
  /** Every forward and backward call on the layers handed in, in order. */
  calls: Call[];
}

const RTOL = 1e-9;
const FIELDS = ["price", "dApple", "dAppleNum", "dOrange", "dOrangeNum", "dTax"] as const;
const near = (a: unknown, e: number): boolean => typeof a === "number" && Number.isFinite(a) && Math.abs(a - e) <= RTOL * Math.abs(e) + 1e-12;

/** The book's buy_apple_orange.py with the engine's layers. */
function reference(p: Input): Output["result"] {
  const mulApple = new MulLayer();
  const mulOrange = new MulLayer();
  const add = new AddLayer();
  const mulTax = new MulLayer();
  const all = add.forward(mulApple.forward(p.apple, p.appleNum), mulOrange.forward(p.orange, p.orangeNum));
  const price = mulTax.forward(all, p.tax);
  const [dAll, dTax] = mulTax.backward(1);
  const [dApplePrice, dOrangePrice] = add.backward(dAll);
  const [dOrange, dOrangeNum] = mulOrange.backward(dOrangePrice);
  const [dApple, dAppleNum] = mulApple.backward(dApplePrice);
  return { price, dApple, dAppleNum, dOrange, dOrangeNum, dTax };
}

// Different fruit prices and counts and tax ≠ 1: swapping fruits or dropping the tax always shows.
function randomCase(rng: Rng, name: Text): CodeCase<Input> {
  const [apple, orange] = distinctPair(rng, 5, 40, 0, 2).map((v) => v * 10) as [number, number];
  const [appleNum, orangeNum] = distinctPair(rng, 2, 9, 0, 1);
  return { name, input: { apple, appleNum, orange, orangeNum, tax: randomTax(rng) } };
}

/** The graph as the calls built it: each node's layer (found by its forward inputs) and backward call. */
function wiring(p: Input, calls: Call[]) {
  const forwards = calls.filter((c) => c.method === "forward");
  const backwards = calls.filter((c) => c.method === "backward");
  const isArgs = (c: Call, a: number, b: number): boolean => c.args.length >= 2 && ((near(c.args[0], a) && near(c.args[1], b)) || (near(c.args[0], b) && near(c.args[1], a)));
  const applePrice = p.apple * p.appleNum;
  const orangePrice = p.orange * p.orangeNum;
  const node = (kind: Call["kind"], a: number, b: number) => {
    const forward = forwards.find((c) => c.kind === kind && isArgs(c, a, b));
    return { forward, backward: forward === undefined ? undefined : backwards.find((c) => c.layer === forward.layer) };
  };
  return {
    forwards,
    backwards,
    apple: node("mul", p.apple, p.appleNum),
    orange: node("mul", p.orange, p.orangeNum),
    add: node("add", applePrice, orangePrice),
    tax: node("mul", applePrice + orangePrice, p.tax),
  };
}

const suite: CodeSuite<Input, Output> = {
  kind: "code",
  // Hands the student's function MulLayer and AddLayer classes whose objects record every call,
  // so the graph itself is graded, not only the numbers.
  driver: (mod, input) => {
    const calls: { layer: number; kind: string; method: string; args: unknown[] }[] = [];
    let created = 0;
    class MulLayer {
      readonly #id = created++;
      #x = NaN;
      #y = NaN;
      forward(x: number, y: number): number {
        calls.push({ layer: this.#id, kind: "mul", method: "forward", args: [x, y] });
        this.#x = x;
        this.#y = y;
        return x * y;
      }
      backward(dout: number): [number, number] {
        calls.push({ layer: this.#id, kind: "mul", method: "backward", args: [dout] });
        return [dout * this.#y, dout * this.#x];
      }
    }
    class AddLayer {
      readonly #id = created++;
      forward(x: number, y: number): number {
        calls.push({ layer: this.#id, kind: "add", method: "forward", args: [x, y] });
        return x + y;
      }
      backward(dout: number): [number, number] {
        calls.push({ layer: this.#id, kind: "add", method: "backward", args: [dout] });
        return [dout, dout];
      }
    }
    const f = mod.buyAppleOrange as (a: number, an: number, o: number, on: number, t: number, layers: { MulLayer: typeof MulLayer; AddLayer: typeof AddLayer }) => unknown;
    const result = f(input.apple, input.appleNum, input.orange, input.orangeNum, input.tax, { MulLayer, AddLayer });
    return { result, calls };
  },
  publicCases: (rng) => [
    { name: { key: "case.book" }, input: { apple: 100, appleNum: 2, orange: 150, orangeNum: 3, tax: 1.1 } },
    randomCase(rng, { key: "case.random" }),
  ],
  hiddenCases: (rng) => Array.from({ length: 10 }, (_, i) => randomCase(rng, { key: "case.purchase-n", params: { n: i + 1 } })),
  expected: (input) => {
    const r = reference(input);
    const all = input.apple * input.appleNum + input.orange * input.orangeNum;
    // The book's call order; the apple and orange backward calls may come in either order.
    const calls: Call[] = [
      { layer: 0, kind: "mul", method: "forward", args: [input.apple, input.appleNum] },
      { layer: 1, kind: "mul", method: "forward", args: [input.orange, input.orangeNum] },
      { layer: 2, kind: "add", method: "forward", args: [input.apple * input.appleNum, input.orange * input.orangeNum] },
      { layer: 3, kind: "mul", method: "forward", args: [all, input.tax] },
      { layer: 3, kind: "mul", method: "backward", args: [1] },
      { layer: 2, kind: "add", method: "backward", args: [input.tax] },
      { layer: 1, kind: "mul", method: "backward", args: [input.tax] },
      { layer: 0, kind: "mul", method: "backward", args: [input.tax] },
    ];
    return { result: r, calls };
  },
  check: (input, actual, e) => {
    const a = (actual ?? {}) as { result?: unknown; calls?: unknown };
    if (a.result === null || typeof a.result !== "object") return [{ key: "check.not-object" }];
    const r = a.result as Record<string, unknown>;
    const failures = FIELDS.flatMap((k): Text[] => {
      const v = r[k];
      if (typeof v !== "number" || !Number.isFinite(v)) return [{ key: "check.field-missing", params: { field: k } }];
      return near(v, e.result[k]) ? [] : [{ key: "check.field-wrong", params: { field: k } }];
    });
    const calls = Array.isArray(a.calls) ? (a.calls as Call[]) : [];
    if (calls.length === 0) return [...failures, { key: "check.no-layers" }];
    const w = wiring(input, calls);
    const layers = new Set(w.forwards.map((c) => c.layer));
    if (w.forwards.length !== 4 || layers.size !== 4) failures.push({ key: "check.four-nodes" });
    else if ([w.apple, w.orange, w.add, w.tax].some((n) => n.forward === undefined)) failures.push({ key: "check.forward-inputs" });
    if (w.backwards.length !== 4) failures.push({ key: "check.backward-once" });
    else {
      const lastForward = calls.reduce((last, c, i) => (c.method === "forward" ? i : last), -1);
      if (calls.findIndex((c) => c.method === "backward") < lastForward) failures.push({ key: "check.forwards-first" });
      const [first] = w.backwards;
      const order = (c: Call | undefined): number => (c === undefined ? -1 : w.backwards.indexOf(c));
      if (first === undefined || first !== w.tax.backward || !near(first.args[0], 1)) failures.push({ key: "check.start-at-tax" });
      else if (w.add.backward === undefined || order(w.add.backward) !== 1 || !near(w.add.backward.args[0], input.tax)) {
        failures.push({ key: "check.add-next" });
      } else if ([w.apple.backward, w.orange.backward].some((b) => b === undefined || order(b) < 2 || !near(b.args[0], input.tax))) {
        failures.push({ key: "check.fruit-gets" });
      }
    }
    return failures;
  },
  diagnose: (input, actual) => {
    const a = (actual ?? {}) as { calls?: unknown };
    const calls = Array.isArray(a.calls) ? (a.calls as Call[]) : [];
    if (calls.length === 0) return ["no-layers"];
    const w = wiring(input, calls);
    const found: Diagnosed[] = [];
    const mulForwards = w.forwards.filter((c) => c.kind === "mul");
    if (new Set(mulForwards.map((c) => c.layer)).size < mulForwards.length) found.push("shared-layer");
    const [first] = w.backwards;
    const fruitBackwards = [w.apple.backward, w.orange.backward];
    if (first !== undefined && fruitBackwards.includes(first) && w.tax.backward !== undefined) found.push("forward-order");
    if (first !== undefined && near(first.args[0], 0)) found.push("zero-start");
    if (w.add.backward !== undefined && near(w.add.backward.args[0], 1) && !near(input.tax, 1)) found.push("dprice-for-dall");
    const all = input.apple * input.appleNum + input.orange * input.orangeNum;
    if (w.add.backward !== undefined && near(w.add.backward.args[0], all)) found.push("destructured-backwards");
    if (fruitBackwards.every((b) => b !== undefined && near(b.args[0], 2 * input.tax))) found.push("add-doubles");
    const backwardLayers = new Set(w.backwards.map((c) => c.layer));
    if (w.forwards.length === 4 && new Set(w.forwards.map((c) => c.layer)).size === 4 && w.forwards.some((f) => !backwardLayers.has(f.layer))) found.push("hand-gradient");
    return found;
  },
  rtol: RTOL,
};

export default suite;
