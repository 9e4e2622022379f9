import { MulLayer, randomTax, type Rng } from "@/lib/engine";
import type { CodeCase, CodeSuite, Diagnosed, Text } from "@/lib/exercises/suite-types";

interface Input {
  apple: number;
  appleNum: number;
  tax: number;
}

/** One call the student's code made on a layer the driver handed it. */
interface Call {
  layer: number;
  method: "forward" | "backward";
  args: unknown[];
}

interface Output {
  result: { price: number; dApple: number; dAppleNum: number; dTax: number };
  /** Every forward and backward call on the MulLayers handed in, in order. */
  calls: Call[];
}

const RTOL = 1e-9;
const FIELDS = ["price", "dApple", "dAppleNum", "dTax"] as const;
const near = (a: unknown, e: number): boolean => typeof a === "number" && Number.isFinite(a) && Math.abs(a - e) <= RTOL * Math.abs(e) + 1e-12;

/** The book's buy_apple.py with the engine's MulLayer, and the calls it makes. */
function reference({ apple, appleNum, tax }: Input): Output {
  const mulApple = new MulLayer();
  const mulTax = new MulLayer();
  const applePrice = mulApple.forward(apple, appleNum);
  const price = mulTax.forward(applePrice, tax);
  const [dApplePrice, dTax] = mulTax.backward(1);
  const [dApple, dAppleNum] = mulApple.backward(dApplePrice);
  return {
    result: { price, dApple, dAppleNum, dTax },
    calls: [
      { layer: 0, method: "forward", args: [apple, appleNum] },
      { layer: 1, method: "forward", args: [applePrice, tax] },
      { layer: 1, method: "backward", args: [1] },
      { layer: 0, method: "backward", args: [dApplePrice] },
    ],
  };
}

// Price ≠ count, count ≥ 2 and tax ≠ 1, so a swapped or skipped factor always changes the result.
const randomCase = (rng: Rng, name: Text): CodeCase<Input> => ({
  name,
  input: { apple: rng.int(5, 40) * 10 + rng.pick([0, 5]), appleNum: rng.int(2, 9), tax: randomTax(rng) },
});

/** The graph as the calls built it: which layer is the apple node, which the tax node, and their backward calls. */
function wiring(input: Input, calls: Call[]) {
  const forwards = calls.filter((c) => c.method === "forward");
  const backwards = calls.filter((c) => c.method === "backward");
  const isArgs = (c: Call, a: number, b: number): boolean => c.args.length >= 2 && ((near(c.args[0], a) && near(c.args[1], b)) || (near(c.args[0], b) && near(c.args[1], a)));
  const appleForward = forwards.find((c) => isArgs(c, input.apple, input.appleNum));
  const taxForward = forwards.find((c) => isArgs(c, input.apple * input.appleNum, input.tax));
  const backwardOf = (f: Call | undefined): Call | undefined => (f === undefined ? undefined : backwards.find((c) => c.layer === f.layer));
  return { forwards, backwards, appleForward, taxForward, appleBackward: backwardOf(appleForward), taxBackward: backwardOf(taxForward) };
}

const suite: CodeSuite<Input, Output> = {
  kind: "code",
  // Hands the student's function a MulLayer class whose objects record every call, so the
  // graph itself is graded, not only the numbers (a closed form gives the right numbers too).
  driver: (mod, input) => {
    const calls: { layer: number; method: string; args: unknown[] }[] = [];
    let created = 0;
    class MulLayer {
      readonly #id = created++;
      #x = NaN;
      #y = NaN;
      forward(x: number, y: number): number {
        calls.push({ layer: this.#id, method: "forward", args: [x, y] });
        this.#x = x;
        this.#y = y;
        return x * y;
      }
      backward(dout: number): [number, number] {
        calls.push({ layer: this.#id, method: "backward", args: [dout] });
        return [dout * this.#y, dout * this.#x];
      }
    }
    const buyApple = mod.buyApple as (a: number, n: number, t: number, layers: { MulLayer: typeof MulLayer }) => unknown;
    const result = buyApple(input.apple, input.appleNum, input.tax, { MulLayer });
    return { result, calls };
  },
  publicCases: (rng) => [
    { name: { key: "case.book" }, input: { apple: 100, appleNum: 2, tax: 1.1 } },
    randomCase(rng, { key: "case.random" }),
  ],
  hiddenCases: (rng) => Array.from({ length: 10 }, (_, i) => randomCase(rng, { key: "case.purchase-n", params: { n: i + 1 } })),
  expected: reference,
  check: (input, actual, e) => {
    const a = (actual ?? {}) as { result?: unknown; calls?: unknown };
    const result = a.result;
    if (result === null || typeof result !== "object") return [{ key: "check.not-object" }];
    const r = result as Record<string, unknown>;
    const failures = FIELDS.flatMap((k): Text[] => {
      const v = r[k];
      if (typeof v !== "number" || !Number.isFinite(v)) return [{ key: "check.field-missing", params: { field: k } }];
      return near(v, e.result[k]) ? [] : [{ key: "check.field-wrong", params: { field: k } }];
    });
    const calls = Array.isArray(a.calls) ? (a.calls as Call[]) : [];
    const w = wiring(input, calls);
    if (calls.length === 0) return [...failures, { key: "check.no-layers" }];
    if (w.forwards.length !== 2 || new Set(w.forwards.map((c) => c.layer)).size !== 2) failures.push({ key: "check.two-nodes" });
    else if (w.appleForward === undefined || w.taxForward === undefined) failures.push({ key: "check.forward-inputs" });
    if (w.backwards.length !== 2) failures.push({ key: "check.backward-once" });
    else {
      const [first, second] = w.backwards;
      if (calls.findIndex((c) => c.method === "backward") < calls.filter((c) => c.method === "forward").length) failures.push({ key: "check.forwards-first" });
      if (first !== undefined && (w.taxForward === undefined || first.layer !== w.taxForward.layer || !near(first.args[0], 1))) {
        failures.push({ key: "check.start-at-tax" });
      } else if (second !== undefined && !near(second.args[0], e.calls[3]?.args[0] as number)) {
        failures.push({ key: "check.apple-gets-dapple-price" });
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
    const forwardLayers = w.forwards.map((c) => c.layer);
    if (forwardLayers.length >= 2 && new Set(forwardLayers).size === 1) found.push("shared-layer");
    const [first, second] = w.backwards;
    if (second !== undefined && w.appleForward !== undefined && first?.layer === w.appleForward.layer) found.push("forward-order");
    if (first !== undefined && near(first.args[0], 0)) found.push("zero-start");
    // The tax layer's [d apple_price, d tax] destructured the other way round: the apple layer got d tax.
    if (second !== undefined && w.appleBackward === second && near(second.args[0], input.apple * input.appleNum)) found.push("destructured-backwards");
    // The apple layer got dprice and its outputs were multiplied by dapple_price afterwards.
    if (second !== undefined && first?.layer !== second.layer && w.appleBackward === second && near(second.args[0], 1) && near(first?.args[0], 1)) found.push("dprice-everywhere");
    // A layer that ran forward but never backward: its gradient was worked out by hand.
    if (w.forwards.length === 2 && new Set(forwardLayers).size === 2 && w.forwards.some((f) => !w.backwards.some((b) => b.layer === f.layer))) found.push("hand-gradient");
    return found;
  },
  rtol: RTOL,
};

export default suite;
