import { describe, expect, it } from "vitest";
import { Graph, type GraphOp, type GraphSpec } from "./graph";
import { appleGraph, appleOrangeGraph, branchGraph, chainRuleGraph, sigmoidGraph } from "./graph-examples";
import { sigmoid } from "./layers/sigmoid";
import { createRng } from "./rng";
import { SEEDS } from "./test-helpers";
import { uniformAwayFromZero } from "./variants";

function run(spec: GraphSpec): Graph {
  const g = new Graph(spec);
  g.forward();
  g.backward();
  return g;
}

describe("Graph: the book's graphs", () => {
  it("apple: price 220, dApple 2.2, dApple_num 110, dTax 200, and 1.1 reaches apple_price", () => {
    const g = run(appleGraph(100, 2, 1.1));
    expect(g.value("apple_price")).toBe(200);
    expect(g.value("price")).toBeCloseTo(220, 10);
    expect(g.grad("price")).toBe(1);
    expect(g.grad("apple_price")).toBeCloseTo(1.1, 12);
    expect(g.grad("apple")).toBeCloseTo(2.2, 12);
    expect(g.grad("apple_num")).toBeCloseTo(110, 10);
    expect(g.grad("tax")).toBeCloseTo(200, 10);
  });

  it("apple + orange: every number in curriculum.md", () => {
    const g = run(appleOrangeGraph(100, 2, 150, 3, 1.1));
    const values = { apple_price: 200, orange_price: 450, all_price: 650, price: 715 };
    const grads = { all_price: 1.1, tax: 650, apple_price: 1.1, orange_price: 1.1, apple: 2.2, apple_num: 110, orange: 3.3, orange_num: 165 };
    for (const [id, v] of Object.entries(values)) expect(g.value(id)).toBeCloseTo(v, 9);
    for (const [id, v] of Object.entries(grads)) expect(g.grad(id)).toBeCloseTo(v, 9);
  });

  it("closed forms for randomized apple variants: dApple = n·τ, dApple_num = p·τ, dTax = p·n", () => {
    for (const seed of SEEDS) {
      const rng = createRng(`apple-${seed}`);
      const [p, n, tax] = [rng.int(50, 300), rng.int(2, 9), 1 + rng.int(5, 30) / 100];
      const g = run(appleGraph(p, n, tax));
      expect(g.grad("apple")).toBeCloseTo(n * tax, 9);
      expect(g.grad("apple_num")).toBeCloseTo(p * tax, 9);
      expect(g.grad("tax")).toBeCloseTo(p * n, 9);
    }
  });

  it("chain rule z = t², t = x + y: dz/dz = 1, dz/dt = 2t, dz/dx = dz/dy = 2t", () => {
    const g = run(chainRuleGraph(1.5, -4));
    expect(g.value("t")).toBe(-2.5);
    expect(g.value("z")).toBe(6.25);
    expect(g.grad("z")).toBe(1);
    expect(g.grad("t")).toBe(-5);
    expect(g.localGradients("t")).toEqual([1, 1]);
    expect(g.localGradients("z")).toEqual([-5]);
    expect(g.grad("x")).toBe(-5);
    expect(g.grad("y")).toBe(-5);
  });
});

describe("Graph: evaluation rules", () => {
  it("a node used twice gets both contributions: mul(t, t) and add(a, a)", () => {
    const g = run({
      nodes: [
        { id: "a", op: "input", inputs: [], value: 3 },
        { id: "sq", op: "mul", inputs: ["a", "a"] },
        { id: "twice", op: "add", inputs: ["sq", "sq"] },
      ],
      output: "twice",
    });
    expect(g.value("twice")).toBe(18);
    expect(g.grad("sq")).toBe(2);
    expect(g.grad("a")).toBe(12); // d(2a²)/da = 4a
    expect(g.consumers("a")).toEqual(["sq"]);
  });

  it("evaluate and localGradients judge arbitrary input values (a student's own upstream numbers)", () => {
    const g = new Graph(appleGraph(100, 2, 1.1));
    expect(g.evaluate("price", [210, 1.2])).toBeCloseTo(252, 10);
    expect(g.localGradients("price", [210, 1.2])).toEqual([1.2, 210]);
    expect(g.evaluate("apple", [])).toBe(100);
    expect(() => g.localGradients("price")).toThrow(/read before forward/);
  });

  it("reports order, consumers and node copies", () => {
    const g = new Graph(appleOrangeGraph(100, 2, 150, 3, 1.1));
    const order = g.order();
    for (const node of g.nodes()) for (const input of node.inputs) expect(order.indexOf(input)).toBeLessThan(order.indexOf(node.id));
    expect(g.consumers("all_price")).toEqual(["price"]);
    g.nodes()[0]?.inputs.push("mutated");
    expect(g.nodes()[0]?.inputs).toEqual([]);
  });

  // Every unary and binary op's local derivative, checked by central difference of evaluate().
  const binary: GraphOp[] = ["add", "mul", "sub", "div"];
  const unary: GraphOp[] = ["neg", "square", "pow", "exp", "log", "relu", "sigmoid", "tanh"];
  it.each(SEEDS)("every op's localGradients agrees with a numerical derivative (seed %i)", (seed) => {
    const rng = createRng(`graph-ops-${seed}`);
    const check = (op: GraphOp, x: number[]): void => {
      const inputs = x.map((_, i) => `x${i}`);
      const g = new Graph({
        nodes: [
          ...x.map((v, i) => ({ id: `x${i}`, op: "input" as const, inputs: [], value: v })),
          { id: "out", op, inputs, ...(op === "pow" ? { exponent: 2.5 } : {}) },
        ],
        output: "out",
      });
      g.forward();
      g.backward();
      const h = 1e-4;
      x.forEach((v, i) => {
        const shifted = (d: number): number => g.evaluate("out", x.map((w, j) => (j === i ? v + d : w)));
        const numeric = (shifted(h) - shifted(-h)) / (2 * h);
        const analytic = g.grad(`x${i}`);
        const rel = Math.abs(analytic - numeric) / Math.max(Math.abs(analytic), Math.abs(numeric), 1e-300);
        expect(rel, `${op} w.r.t. input ${i}`).toBeLessThan(1e-6);
      });
    };
    for (const op of binary) check(op, [uniformAwayFromZero(rng, -3, 3, 0.3), uniformAwayFromZero(rng, -3, 3, 0.3)]);
    for (const op of unary) {
      const positiveOnly = op === "log" || op === "pow";
      check(op, [positiveOnly ? rng.uniform(0.3, 3) : uniformAwayFromZero(rng, -3, 3, 0.3)]);
    }
  });

  it("backward with a seed scales every gradient", () => {
    const g = new Graph(appleGraph(100, 2, 1.1));
    g.forward();
    g.backward(2);
    expect(g.grad("apple")).toBeCloseTo(4.4, 12);
  });
});

describe("Graph: loud on bad specs and misuse", () => {
  const x = { id: "x", op: "input" as const, inputs: [], value: 1 };
  const cases: [string, GraphSpec, RegExp][] = [
    ["no nodes", { nodes: [], output: "x" }, /no nodes/],
    ["duplicate id", { nodes: [x, x], output: "x" }, /duplicate node id "x"/],
    ["unknown input", { nodes: [x, { id: "y", op: "neg", inputs: ["z"] }], output: "y" }, /"y" uses unknown input "z"/],
    ["arity", { nodes: [x, { id: "y", op: "add", inputs: ["x"] }], output: "y" }, /"y" \(add\) needs 2 input\(s\), got 1/],
    ["unknown op", { nodes: [{ id: "x", op: "max" as GraphOp, inputs: [] }], output: "x" }, /unknown op "max"/],
    ["input without value", { nodes: [{ id: "x", op: "input", inputs: [] }], output: "x" }, /value of input node "x"/],
    ["pow without exponent", { nodes: [x, { id: "y", op: "pow", inputs: ["x"] }], output: "y" }, /exponent of pow node "y"/],
    ["missing output", { nodes: [x], output: "nope" }, /output "nope" is not a node/],
    [
      "cycle",
      {
        nodes: [x, { id: "a", op: "add", inputs: ["x", "b"] }, { id: "b", op: "neg", inputs: ["a"] }],
        output: "b",
      },
      /cycle through node\(s\) "a", "b"/,
    ],
  ];
  it.each(cases)("%s", (_name, spec, message) => {
    expect(() => new Graph(spec)).toThrow(message);
  });

  it("unknown ids, reads before computing, NaN results and wrong arity to evaluate", () => {
    const g = new Graph(appleGraph(100, 2, 1.1));
    expect(() => g.value("price")).toThrow(/read before forward/);
    expect(() => g.backward()).toThrow(/backward called before forward/);
    g.forward();
    expect(() => g.grad("price")).toThrow(/read before backward/);
    expect(() => g.value("banana")).toThrow(/unknown node "banana"/);
    expect(() => g.evaluate("price", [1])).toThrow(/takes 2 input value\(s\), got 1/);
    expect(() => g.evaluate("price", [1, NaN])).toThrow(/input 1 of node "price"/);
    const bad = new Graph({ nodes: [{ ...x, value: -1 }, { id: "l", op: "log", inputs: ["x"] }], output: "l" });
    expect(() => bad.forward()).toThrow(/value of node "l"/);
  });
});

describe("Graph: the course's later graphs", () => {
  it("sigmoid as a graph (5.5.2): y = σ(x), and the backward pass simplifies to y(1 − y)", () => {
    for (const x of [-2.5, -0.3, 0, 0.7, 3]) {
      const g = new Graph(sigmoidGraph(x));
      g.forward();
      g.backward();
      const y = sigmoid(x);
      expect(g.value("y")).toBeCloseTo(y, 14);
      expect(g.grad("s")).toBeCloseTo(-y * y, 14); // d(1/s)/ds = −1/s² = −y²
      expect(g.grad("x")).toBeCloseTo(y * (1 - y), 14);
    }
  });

  it("a branch: a value used by two nodes gets the sum of both paths' gradients", () => {
    const g = new Graph(branchGraph(3, -2));
    g.forward();
    g.backward();
    const [a, b] = [3 * -2, 3 + -2];
    expect(g.grad("a")).toBe(b);
    expect(g.grad("b")).toBe(a);
    expect(g.grad("x")).toBe(b * -2 + a * 1);
    expect(g.grad("y")).toBe(b * 3 + a * 1);
  });

  it("forward mode: one tangent pass per input gives the gradient backward() gives in one pass", () => {
    const g = new Graph(branchGraph(1.5, 0.5));
    g.forward();
    g.backward();
    for (const input of ["x", "y"]) expect(g.tangents({ [input]: 1 }).get("z")).toBeCloseTo(g.grad(input), 12);
    expect(g.tangents({ x: 2, y: -1 }).get("z")).toBeCloseTo(2 * g.grad("x") - g.grad("y"), 12);
    expect(() => new Graph(branchGraph(1, 2)).tangents({ x: 1 })).toThrow(/before forward/);
  });
});
