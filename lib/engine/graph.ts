import { sigmoid } from "./layers/sigmoid";
import { assertFinite } from "./matrix";

// A serialisable computational graph of scalar nodes. Quiz items store a GraphSpec, the UI
// draws it (col/row are layout hints), and the engine evaluates it forward and backward to get
// every node's value and gradient: the answers of the graph fill-in questions.

export type GraphOp =
  | "input" | "const" | "add" | "mul" | "sub" | "div" | "neg" | "square" | "pow"
  | "exp" | "log" | "relu" | "sigmoid" | "tanh";

export interface GraphNodeSpec {
  id: string;
  op: GraphOp;
  inputs: string[];
  /** input / const only */
  value?: number;
  /** pow only */
  exponent?: number;
  /** what a drawing shows, e.g. "×" or "apple" */
  label?: string;
  /** layout hints for SVG drawing */
  col?: number;
  row?: number;
}

export interface GraphSpec {
  nodes: GraphNodeSpec[];
  output: string;
}

/** Per op: how many inputs, the forward function, and the local derivatives ∂out/∂input_i. */
interface OpRule {
  arity: number;
  forward: (x: number[], node: GraphNodeSpec) => number;
  local: (x: number[], node: GraphNodeSpec) => number[];
}

const leaf = (_x: number[], node: GraphNodeSpec): number => node.value ?? NaN;
const pick = (x: number[], i: number): number => x[i] ?? NaN;

const RULES: Record<GraphOp, OpRule> = {
  input: { arity: 0, forward: leaf, local: () => [] },
  const: { arity: 0, forward: leaf, local: () => [] },
  add: { arity: 2, forward: (x) => pick(x, 0) + pick(x, 1), local: () => [1, 1] },
  // "swap and multiply": each input's local derivative is the other input
  mul: { arity: 2, forward: (x) => pick(x, 0) * pick(x, 1), local: (x) => [pick(x, 1), pick(x, 0)] },
  sub: { arity: 2, forward: (x) => pick(x, 0) - pick(x, 1), local: () => [1, -1] },
  div: {
    arity: 2,
    forward: (x) => pick(x, 0) / pick(x, 1),
    local: (x) => [1 / pick(x, 1), -pick(x, 0) / pick(x, 1) ** 2],
  },
  neg: { arity: 1, forward: (x) => -pick(x, 0), local: () => [-1] },
  square: { arity: 1, forward: (x) => pick(x, 0) ** 2, local: (x) => [2 * pick(x, 0)] },
  pow: {
    arity: 1,
    forward: (x, n) => pick(x, 0) ** (n.exponent ?? NaN),
    local: (x, n) => [(n.exponent ?? NaN) * pick(x, 0) ** ((n.exponent ?? NaN) - 1)],
  },
  exp: { arity: 1, forward: (x) => Math.exp(pick(x, 0)), local: (x) => [Math.exp(pick(x, 0))] },
  log: { arity: 1, forward: (x) => Math.log(pick(x, 0)), local: (x) => [1 / pick(x, 0)] },
  // the subgradient at the kink is 0, as in the Relu layer (mask is x <= 0)
  relu: { arity: 1, forward: (x) => Math.max(0, pick(x, 0)), local: (x) => [pick(x, 0) > 0 ? 1 : 0] },
  sigmoid: {
    arity: 1,
    forward: (x) => sigmoid(pick(x, 0)),
    local: (x) => {
      const s = sigmoid(pick(x, 0));
      return [s * (1 - s)];
    },
  },
  tanh: {
    arity: 1,
    forward: (x) => Math.tanh(pick(x, 0)),
    local: (x) => [1 - Math.tanh(pick(x, 0)) ** 2],
  },
};

export class Graph {
  readonly output: string;
  readonly #nodes = new Map<string, GraphNodeSpec>();
  readonly #order: string[];
  #values: Map<string, number> | null = null;
  #grads: Map<string, number> | null = null;

  /** Validates the spec and throws an Error naming the first problem found. */
  constructor(spec: GraphSpec) {
    if (!spec || !Array.isArray(spec.nodes) || spec.nodes.length === 0) throw new Error("Graph: spec has no nodes");
    for (const node of spec.nodes) {
      if (typeof node.id !== "string" || node.id === "") throw new Error("Graph: every node needs a non-empty string id");
      if (this.#nodes.has(node.id)) throw new Error(`Graph: duplicate node id "${node.id}"`);
      const rule = RULES[node.op] as OpRule | undefined;
      if (rule === undefined) throw new Error(`Graph: node "${node.id}" has unknown op "${String(node.op)}"`);
      if (!Array.isArray(node.inputs) || node.inputs.length !== rule.arity) {
        throw new Error(`Graph: node "${node.id}" (${node.op}) needs ${rule.arity} input(s), got ${node.inputs?.length ?? 0}`);
      }
      const isLeaf = rule.arity === 0;
      if (isLeaf) assertFinite(node.value, `Graph: value of ${node.op} node "${node.id}"`);
      else if (node.value !== undefined) throw new Error(`Graph: node "${node.id}" (${node.op}) must not have a value; only input/const do`);
      if (node.op === "pow") assertFinite(node.exponent, `Graph: exponent of pow node "${node.id}"`);
      else if (node.exponent !== undefined) throw new Error(`Graph: node "${node.id}" (${node.op}) has an exponent; only pow does`);
      this.#nodes.set(node.id, { ...node, inputs: node.inputs.slice() });
    }
    for (const node of this.#nodes.values()) {
      for (const input of node.inputs) {
        if (!this.#nodes.has(input)) throw new Error(`Graph: node "${node.id}" uses unknown input "${input}"`);
      }
    }
    if (!this.#nodes.has(spec.output)) throw new Error(`Graph: output "${spec.output}" is not a node`);
    this.output = spec.output;
    this.#order = this.#topologicalOrder();
  }

  // Kahn's algorithm, visiting nodes in declaration order so the order is stable for display.
  #topologicalOrder(): string[] {
    const pending = new Map<string, number>();
    for (const node of this.#nodes.values()) pending.set(node.id, new Set(node.inputs).size);
    const order: string[] = [];
    const ready = [...this.#nodes.keys()].filter((id) => pending.get(id) === 0);
    while (ready.length > 0) {
      const id = ready.shift() ?? "";
      order.push(id);
      for (const consumer of this.consumers(id)) {
        const left = (pending.get(consumer) ?? 0) - 1;
        pending.set(consumer, left);
        if (left === 0) ready.push(consumer);
      }
    }
    if (order.length !== this.#nodes.size) {
      const stuck = [...this.#nodes.keys()].filter((id) => !order.includes(id));
      throw new Error(`Graph: cycle through node(s) ${stuck.map((id) => `"${id}"`).join(", ")}`);
    }
    return order;
  }

  #node(id: string): GraphNodeSpec {
    const node = this.#nodes.get(id);
    if (node === undefined) throw new Error(`Graph: unknown node "${id}"`);
    return node;
  }

  /** Computes every node's value, left to right. */
  forward(): void {
    const values = new Map<string, number>();
    for (const id of this.#order) {
      const node = this.#node(id);
      values.set(id, this.evaluate(id, node.inputs.map((input) => values.get(input) ?? NaN)));
    }
    this.#values = values;
    this.#grads = null; // stale once the values change
  }

  /**
   * Starts from `seed` (dz/dz = 1) at the output and flows right to left, multiplying local
   * derivatives. Contributions are summed, so a node used twice (mul(t, t), add(a, a)) gets both.
   */
  backward(seed = 1): void {
    assertFinite(seed, "Graph.backward seed");
    if (this.#values === null) throw new Error("Graph.backward called before forward");
    const grads = new Map<string, number>();
    for (const id of this.#order) grads.set(id, 0);
    grads.set(this.output, seed);
    for (const id of [...this.#order].reverse()) {
      const node = this.#node(id);
      const upstream = grads.get(id) ?? 0;
      this.localGradients(id).forEach((local, i) => {
        const input = node.inputs[i] ?? "";
        grads.set(input, (grads.get(input) ?? 0) + upstream * local);
      });
    }
    for (const [id, g] of grads) assertFinite(g, `Graph: gradient of node "${id}"`);
    this.#grads = grads;
  }

  /**
   * Forward mode: the derivative of every node along one direction of the inputs (`direction`
   * maps input ids to their tangent; the others get 0), pushed left to right with the same local
   * derivatives backward() uses. One pass gives one directional derivative of the output, so a
   * full gradient of n inputs takes n passes where backward() takes one.
   */
  tangents(direction: Record<string, number>): Map<string, number> {
    if (this.#values === null) throw new Error("Graph.tangents called before forward");
    const tangent = new Map<string, number>();
    for (const id of this.#order) {
      const node = this.#node(id);
      const own = direction[id];
      if (node.inputs.length === 0) tangent.set(id, own ?? 0);
      else tangent.set(id, this.localGradients(id).reduce((sum, local, i) => sum + local * (tangent.get(node.inputs[i] ?? "") ?? 0), 0));
    }
    return tangent;
  }

  value(id: string): number {
    this.#node(id);
    const v = this.#values?.get(id);
    if (v === undefined) throw new Error(`Graph.value("${id}") read before forward`);
    return v;
  }

  grad(id: string): number {
    this.#node(id);
    const g = this.#grads?.get(id);
    if (g === undefined) throw new Error(`Graph.grad("${id}") read before backward`);
    return g;
  }

  /** The op applied to given input values (used to judge a student's forward blank against the student's own upstream numbers). */
  evaluate(id: string, inputValues: number[]): number {
    const node = this.#node(id);
    this.#checkInputs(node, inputValues);
    const out = RULES[node.op].forward(inputValues, node);
    assertFinite(out, `Graph: value of node "${id}" (${node.op} of ${inputValues.join(", ")})`);
    return out;
  }

  /** ∂node/∂input_i at the given (or current forward) input values. */
  localGradients(id: string, inputValues?: number[]): number[] {
    const node = this.#node(id);
    const x = inputValues ?? node.inputs.map((input) => this.value(input));
    this.#checkInputs(node, x);
    const locals = RULES[node.op].local(x, node);
    locals.forEach((g, i) => assertFinite(g, `Graph: local gradient of node "${id}" w.r.t. input ${i}`));
    return locals;
  }

  #checkInputs(node: GraphNodeSpec, inputValues: number[]): void {
    if (inputValues.length !== node.inputs.length) {
      throw new Error(`Graph: node "${node.id}" (${node.op}) takes ${node.inputs.length} input value(s), got ${inputValues.length}`);
    }
    inputValues.forEach((v, i) => assertFinite(v, `Graph: input ${i} of node "${node.id}"`));
  }

  /** Nodes that use id as an input (listed once even if they use it twice). */
  consumers(id: string): string[] {
    this.#node(id);
    return [...this.#nodes.values()].filter((n) => n.inputs.includes(id)).map((n) => n.id);
  }

  /** Topological order: every node after its inputs. */
  order(): string[] {
    return this.#order.slice();
  }

  /** Copies of the node specs, in declaration order. */
  nodes(): GraphNodeSpec[] {
    return [...this.#nodes.values()].map((n) => ({ ...n, inputs: n.inputs.slice() }));
  }
}
