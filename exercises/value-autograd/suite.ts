import { roundTo, uniformAwayFromZero, Value, type Rng } from "@/lib/engine";
import type { CodeCase, CodeSuite } from "@/lib/exercises/suite-types";

/** One step of an expression program; a, b index earlier steps. */
type Step =
  | { op: "leaf"; value: number }
  | { op: "add" | "mul"; a: number; b: number }
  | { op: "addc" | "mulc"; a: number; c: number }
  | { op: "pow"; a: number; n: number }
  | { op: "relu" | "tanh"; a: number };

interface Input {
  steps: Step[];
}

interface Output {
  /** The last step's data. */
  data: number;
  /** Every step's grad after backward() on the last step. */
  grads: number[];
}

const RTOL = 1e-9;

/** Runs a program with the engine's Value (the same walk as the driver's). */
function run(steps: Step[]): Value[] {
  const vals: Value[] = [];
  const at = (i: number): Value => {
    const v = vals[i];
    if (v === undefined) throw new Error(`step refers to missing step ${i}`);
    return v;
  };
  for (const s of steps) {
    switch (s.op) {
      case "leaf":
        vals.push(new Value(s.value));
        break;
      case "add":
        vals.push(at(s.a).add(at(s.b)));
        break;
      case "mul":
        vals.push(at(s.a).mul(at(s.b)));
        break;
      case "addc":
        vals.push(at(s.a).add(s.c));
        break;
      case "mulc":
        vals.push(at(s.a).mul(s.c));
        break;
      case "pow":
        vals.push(at(s.a).pow(s.n));
        break;
      case "relu":
        vals.push(at(s.a).relu());
        break;
      case "tanh":
        vals.push(at(s.a).tanh());
        break;
    }
  }
  return vals;
}

function reference(input: Input): Output {
  const vals = run(input.steps);
  const out = vals[vals.length - 1];
  if (out === undefined) throw new Error("empty program");
  out.backward();
  return { data: out.data, grads: vals.map((v) => v.grad) };
}

const val = (rng: Rng, lo: number, hi: number): number => roundTo(uniformAwayFromZero(rng, lo, hi, 0.3), 2);

/** micrograd's test_sanity_check with x drawn (the book value x = -4 is a public case). */
function sanity(x: number): Step[] {
  return [
    { op: "leaf", value: x },
    { op: "mulc", a: 0, c: 2 },
    { op: "addc", a: 1, c: 2 },
    { op: "add", a: 2, b: 0 }, // z = 2x + 2 + x
    { op: "relu", a: 3 },
    { op: "mul", a: 3, b: 0 },
    { op: "add", a: 4, b: 5 }, // q = relu(z) + z·x
    { op: "mul", a: 3, b: 3 },
    { op: "relu", a: 7 }, // h = relu(z·z)
    { op: "add", a: 8, b: 6 },
    { op: "mul", a: 6, b: 0 },
    { op: "add", a: 9, b: 10 }, // y = h + q + q·x
  ];
}

/** (a + a) · b with 2a ≠ b: a value used twice, and a product whose inputs differ. */
function doubleUse(rng: Rng): Step[] {
  for (;;) {
    const a = val(rng, -3, 3);
    const b = val(rng, -3, 3);
    if (Math.abs(2 * a - b) > 0.3) {
      return [{ op: "leaf", value: a }, { op: "leaf", value: b }, { op: "add", a: 0, b: 0 }, { op: "mul", a: 2, b: 1 }];
    }
  }
}

/** A DAG whose inner nodes are shared by paths of different depth (the case a DFS gets wrong). */
function shared(rng: Rng): Step[] {
  for (;;) {
    const a = val(rng, -2, 2);
    const b = val(rng, -2, 2);
    const unary = rng.pick(["relu", "tanh", "pow"] as const);
    const steps: Step[] = [
      { op: "leaf", value: a },
      { op: "leaf", value: b },
      { op: "mul", a: 0, b: 1 }, // 2: n = a·b
      { op: "add", a: 2, b: 0 }, // 3: m = n + a
      unary === "pow" ? { op: "pow", a: 3, n: rng.pick([2, 3]) } : { op: unary, a: 3 }, // 4
      { op: "mul", a: 2, b: 4 }, // 5: n · f(m)
      { op: "add", a: 5, b: 3 }, // 6: + m
      { op: "mulc", a: 6, c: roundTo(rng.uniform(1.5, 3), 1) },
    ];
    const m = a * b + a;
    // Off ReLU's kink, distinct leaves, and a node value that does not blow up.
    if (Math.abs(m) > 0.2 && Math.abs(a - b) > 0.3 && Math.abs(reference({ steps }).data) < 1e3) return steps;
  }
}

const suite: CodeSuite<Input, Output> = {
  kind: "code",
  driver: (mod, input) => {
    type V = { data: number; grad: number; backward(): void; [op: string]: unknown };
    const ValueClass = mod.Value as new (data: number) => V;
    const vals: V[] = [];
    const call = (v: V | undefined, method: string, arg?: unknown): V => {
      if (v === undefined) throw new Error("missing value");
      const f = v[method];
      if (typeof f !== "function") throw new Error(`Value has no method ${method}`);
      return (arg === undefined ? f.call(v) : f.call(v, arg)) as V;
    };
    for (const s of input.steps) {
      if (s.op === "leaf") vals.push(new ValueClass(s.value));
      else if (s.op === "add" || s.op === "mul") vals.push(call(vals[s.a], s.op, vals[s.b]));
      else if (s.op === "addc") vals.push(call(vals[s.a], "add", s.c));
      else if (s.op === "mulc") vals.push(call(vals[s.a], "mul", s.c));
      else if (s.op === "pow") vals.push(call(vals[s.a], "pow", s.n));
      else vals.push(call(vals[s.a], s.op));
    }
    const out = vals[vals.length - 1] as V;
    out.backward();
    return { data: out.data, grads: vals.map((v) => v.grad) };
  },
  publicCases: (rng) => [
    { name: "a + a (a value used twice)", input: { steps: [{ op: "leaf", value: 3 }, { op: "add", a: 0, b: 0 }] } },
    { name: "micrograd sanity check, x = -4", input: { steps: sanity(-4) } },
    { name: "a shared inner node", input: { steps: shared(rng) } },
  ],
  hiddenCases: (rng) => [
    ...Array.from({ length: 3 }, (_, i): CodeCase<Input> => ({ name: `a value used twice (${i + 1})`, input: { steps: doubleUse(rng) } })),
    ...Array.from({ length: 3 }, (_, i): CodeCase<Input> => ({ name: `micrograd sanity expression (${i + 1})`, input: { steps: sanity(val(rng, -5, 5)) } })),
    ...Array.from({ length: 4 }, (_, i): CodeCase<Input> => ({ name: `shared inner nodes (${i + 1})`, input: { steps: shared(rng) } })),
  ],
  expected: reference,
  check: (input, actual, e) => {
    if (actual === null || typeof actual !== "object") return ["no result"];
    const a = actual as Partial<Record<keyof Output, unknown>>;
    const near = (v: unknown, r: number): boolean => typeof v === "number" && Number.isFinite(v) && Math.abs(v - r) <= RTOL * Math.abs(r) + 1e-12;
    const failures: string[] = [];
    if (!near(a.data, e.data)) failures.push("the forward value (data) of the expression is wrong");
    const grads = Array.isArray(a.grads) ? a.grads : [];
    const leaves = input.steps.flatMap((s, i) => (s.op === "leaf" ? [i] : []));
    const inner = input.steps.flatMap((s, i) => (s.op === "leaf" || i === input.steps.length - 1 ? [] : [i]));
    const last = input.steps.length - 1;
    if (!near(grads[last], e.grads[last] ?? NaN)) failures.push("the output's grad after backward() must be 1");
    if (leaves.some((i) => !near(grads[i], e.grads[i] ?? NaN))) failures.push("the input values' grads are wrong");
    if (inner.some((i) => !near(grads[i], e.grads[i] ?? NaN))) failures.push("an intermediate value's grad is wrong");
    return failures;
  },
  rtol: RTOL,
};

export default suite;
