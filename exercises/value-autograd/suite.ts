import { allClose, roundTo, uniformAwayFromZero, Value, type Rng } from "@/lib/engine";
import type { CodeCase, CodeSuite, Diagnosed, Text } from "@/lib/exercises/suite-types";

// Every text a student reads is a key of exercise.json `messages` (English and Korean there).
const numbered = (key: string, n: number): Text => ({ key: "case.numbered", params: { name: { key }, n } });

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
function shared(rng: Rng, unary: { op: "relu" | "tanh" } | { op: "pow"; n: number }): Step[] {
  for (;;) {
    const a = val(rng, -2, 2);
    const b = val(rng, -2, 2);
    const steps: Step[] = [
      { op: "leaf", value: a },
      { op: "leaf", value: b },
      { op: "mul", a: 0, b: 1 }, // 2: n = a·b
      { op: "add", a: 2, b: 0 }, // 3: m = n + a
      { ...unary, a: 3 }, // 4: f(m)
      { op: "mul", a: 2, b: 4 }, // 5: n · f(m)
      { op: "add", a: 5, b: 3 }, // 6: + m
      { op: "mulc", a: 6, c: roundTo(rng.uniform(1.5, 3), 1) },
    ];
    const m = a * b + a;
    // Off ReLU's kink, distinct leaves, and a node value that does not blow up.
    if (Math.abs(m) > 0.2 && Math.abs(a - b) > 0.3 && Math.abs(reference({ steps }).data) < 1e3) return steps;
  }
}

/** How a wrong implementation computes gradients: a rule or the traversal changed (diagnose()). */
interface Variant {
  pow?: "n-x-to-the-n" | "no-factor-n";
  tanh?: "from-input" | "no-square";
  /** `=` instead of `+=` in the backward steps of these ops. */
  assign?: "all" | "add" | "mul";
  mulNoSwap?: boolean;
  noSeed?: boolean;
  traversal?: "no-visited" | "dfs" | "not-reversed";
}

/**
 * The grads a program gets under a variant of the rules, computed the way a Value class would:
 * one node per step (constants become nodes of their own), a backward step per op, then a
 * traversal from the output.
 */
function simulate(steps: Step[], variant: Variant): number[] {
  interface Node {
    data: number;
    grad: number;
    children: Node[];
    step: () => void;
  }
  const node = (data: number, children: Node[] = []): Node => ({ data, grad: 0, children, step: () => undefined });
  const acc = (target: Node, g: number, op: "add" | "mul" | "unary" = "unary"): void => {
    const assign = variant.assign === "all" || variant.assign === op;
    target.grad = assign ? g : target.grad + g;
  };
  const nodes: Node[] = [];
  const at = (i: number): Node => nodes[i] ?? node(NaN);
  for (const s of steps) {
    let out: Node;
    if (s.op === "leaf") out = node(s.value);
    else if (s.op === "add" || s.op === "addc") {
      const [x, y] = [at(s.a), "b" in s ? at(s.b) : node(s.c)];
      out = node(x.data + y.data, [x, y]);
      const o = out;
      o.step = () => {
        acc(x, o.grad, "add");
        acc(y, o.grad, "add");
      };
    } else if (s.op === "mul" || s.op === "mulc") {
      const [x, y] = [at(s.a), "b" in s ? at(s.b) : node(s.c)];
      out = node(x.data * y.data, [x, y]);
      const o = out;
      o.step = () => {
        acc(x, (variant.mulNoSwap ? x.data : y.data) * o.grad, "mul");
        acc(y, (variant.mulNoSwap ? y.data : x.data) * o.grad, "mul");
      };
    } else if (s.op === "pow") {
      const x = at(s.a);
      out = node(x.data ** s.n, [x]);
      const o = out;
      const local = variant.pow === "n-x-to-the-n" ? s.n * x.data ** s.n : variant.pow === "no-factor-n" ? x.data ** (s.n - 1) : s.n * x.data ** (s.n - 1);
      o.step = () => acc(x, local * o.grad);
    } else if (s.op === "relu") {
      const x = at(s.a);
      out = node(Math.max(0, x.data), [x]);
      const o = out;
      o.step = () => acc(x, (o.data > 0 ? 1 : 0) * o.grad);
    } else {
      const x = at(s.a);
      const t = Math.tanh(x.data);
      out = node(t, [x]);
      const o = out;
      const local = variant.tanh === "from-input" ? 1 - x.data * x.data : variant.tanh === "no-square" ? 1 - t : 1 - t * t;
      o.step = () => acc(x, local * o.grad);
    }
    nodes.push(out);
  }
  const root = at(nodes.length - 1);
  if (variant.traversal === "dfs") {
    root.grad = 1;
    const visit = (v: Node): void => {
      v.step();
      for (const c of v.children) visit(c);
    };
    visit(root);
  } else {
    const topo: Node[] = [];
    const visited = new Set<Node>();
    const build = (v: Node): void => {
      if (variant.traversal !== "no-visited") {
        if (visited.has(v)) return;
        visited.add(v);
      }
      for (const c of v.children) build(c);
      topo.push(v);
    };
    build(root);
    if (!variant.noSeed) root.grad = 1;
    for (const v of variant.traversal === "not-reversed" ? topo : topo.reverse()) v.step();
  }
  return nodes.map((n) => n.grad);
}

/** The known mistakes as rule variants, in the order diagnose() names them. */
const VARIANTS: [id: string, variants: Variant[]][] = [
  ["assign-grad", [{ assign: "all" }, { assign: "add" }, { assign: "mul" }]],
  ["no-visited", [{ traversal: "no-visited" }]],
  ["no-topo", [{ traversal: "dfs" }]],
  ["not-reversed", [{ traversal: "not-reversed" }]],
  ["mul-no-swap", [{ mulNoSwap: true }]],
  ["no-seed", [{ noSeed: true }]],
  ["pow-derivative", [{ pow: "n-x-to-the-n" }, { pow: "no-factor-n" }]],
  ["tanh-derivative", [{ tanh: "from-input" }, { tanh: "no-square" }]],
];

const suite: CodeSuite<Input, Output> = {
  kind: "code",
  driver: (mod, input) => {
    type V = { data: number; grad: number; backward(): void; [op: string]: unknown };
    const ValueClass = mod.Value as new (data: number) => V;
    const vals: V[] = [];
    const call = (v: V | undefined, method: string, arg?: unknown): V => {
      // Message keys (exercise.json messages): the grader shows their text in the student's language.
      if (v === undefined) throw new Error("msg:driver.missing-value");
      const f = v[method];
      if (typeof f !== "function") throw new Error("msg:driver.no-method " + JSON.stringify({ method }));
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
    { name: { key: "case.a-plus-a" }, input: { steps: [{ op: "leaf", value: 3 }, { op: "add", a: 0, b: 0 }] } },
    { name: { key: "case.sanity" }, input: { steps: sanity(-4) } },
    { name: { key: "case.shared-node" }, input: { steps: shared(rng, { op: "tanh" }) } },
  ],
  hiddenCases: (rng) => [
    ...Array.from({ length: 3 }, (_, i): CodeCase<Input> => ({ name: numbered("case.used-twice", i + 1), input: { steps: doubleUse(rng) } })),
    ...Array.from({ length: 3 }, (_, i): CodeCase<Input> => ({ name: numbered("case.sanity-expression", i + 1), input: { steps: sanity(val(rng, -5, 5)) } })),
    // One of each unary op, so every op's backward step is tested on every seed.
    ...rng
      .shuffle([{ op: "relu" as const }, { op: "tanh" as const }, { op: "pow" as const, n: 2 }, { op: "pow" as const, n: 3 }])
      .map((unary, i): CodeCase<Input> => ({ name: numbered("case.shared-nodes", i + 1), input: { steps: shared(rng, unary) } })),
  ],
  expected: reference,
  check: (input, actual, e) => {
    if (actual === null || typeof actual !== "object") return [{ key: "check.no-result" }];
    const a = actual as Partial<Record<keyof Output, unknown>>;
    const near = (v: unknown, r: number): boolean => typeof v === "number" && Number.isFinite(v) && Math.abs(v - r) <= RTOL * Math.abs(r) + 1e-12;
    const failures: Text[] = [];
    if (!near(a.data, e.data)) failures.push({ key: "check.data-wrong" });
    const grads = Array.isArray(a.grads) ? a.grads : [];
    const leaves = input.steps.flatMap((s, i) => (s.op === "leaf" ? [i] : []));
    const inner = input.steps.flatMap((s, i) => (s.op === "leaf" || i === input.steps.length - 1 ? [] : [i]));
    const last = input.steps.length - 1;
    if (!near(grads[last], e.grads[last] ?? NaN)) failures.push({ key: "check.output-grad" });
    if (leaves.some((i) => !near(grads[i], e.grads[i] ?? NaN))) failures.push({ key: "check.leaf-grads" });
    if (inner.some((i) => !near(grads[i], e.grads[i] ?? NaN))) failures.push({ key: "check.inner-grad" });
    return failures;
  },
  diagnose: (input, actual, e) => {
    const grads = (actual as { grads?: unknown } | null)?.grads;
    if (allClose(grads, e.grads, RTOL)) return [];
    const found: Diagnosed[] = [];
    for (const [id, variants] of VARIANTS) {
      if (variants.some((v) => allClose(grads, simulate(input.steps, v), RTOL))) found.push(id);
    }
    return found;
  },
  rtol: RTOL,
};

export default suite;
