import { assertFinite } from "./matrix";

/**
 * A micrograd-style scalar: it remembers the values it was computed from, and each operation
 * owns its backward step. JS has no operator overloading, so `a + b` is `a.add(b)`, and a
 * number on the left is `Value.from(10).div(f)` (or `f.rdiv(10)`).
 */
export class Value {
  data: number;
  grad = 0;
  readonly children: readonly Value[];
  readonly op: string;
  // Adds this node's contribution to its children's grads. Must use +=: a node used twice
  // (a + a) receives one contribution per use.
  private backwardStep: () => void = () => {};

  constructor(data: number, children: readonly Value[] = [], op = "") {
    assertFinite(data, op ? `Value produced by ${op}` : "Value data");
    this.data = data;
    this.children = children;
    this.op = op;
  }

  static from(x: Value | number): Value {
    return x instanceof Value ? x : new Value(x);
  }

  add(other: Value | number): Value {
    const o = Value.from(other);
    const out = new Value(this.data + o.data, [this, o], "+");
    out.backwardStep = () => {
      this.grad += out.grad;
      o.grad += out.grad;
    };
    return out;
  }

  mul(other: Value | number): Value {
    const o = Value.from(other);
    const out = new Value(this.data * o.data, [this, o], "*");
    out.backwardStep = () => {
      this.grad += o.data * out.grad;
      o.grad += this.data * out.grad;
    };
    return out;
  }

  /** Only constant exponents, as in micrograd: d(x^n)/dx = n·x^(n-1). */
  pow(n: number): Value {
    assertFinite(n, "Value.pow exponent");
    const out = new Value(this.data ** n, [this], `**${n}`);
    out.backwardStep = () => {
      this.grad += n * this.data ** (n - 1) * out.grad;
    };
    return out;
  }

  relu(): Value {
    const out = new Value(this.data < 0 ? 0 : this.data, [this], "ReLU");
    out.backwardStep = () => {
      this.grad += (out.data > 0 ? 1 : 0) * out.grad;
    };
    return out;
  }

  tanh(): Value {
    const t = Math.tanh(this.data);
    const out = new Value(t, [this], "tanh");
    out.backwardStep = () => {
      this.grad += (1 - t * t) * out.grad;
    };
    return out;
  }

  exp(): Value {
    const out = new Value(Math.exp(this.data), [this], "exp");
    out.backwardStep = () => {
      this.grad += out.data * out.grad;
    };
    return out;
  }

  // The rest are compositions, so their gradients come for free from the ops above.
  neg(): Value {
    return this.mul(-1);
  }

  sub(other: Value | number): Value {
    return this.add(Value.from(other).neg());
  }

  /** other - this (for a number on the left, like Python's __rsub__). */
  rsub(other: Value | number): Value {
    return Value.from(other).sub(this);
  }

  div(other: Value | number): Value {
    return this.mul(Value.from(other).pow(-1));
  }

  /** other / this (like Python's __rtruediv__). */
  rdiv(other: Value | number): Value {
    return Value.from(other).div(this);
  }

  /** Sets this.grad = 1 and propagates to every ancestor in reverse topological order. */
  backward(): void {
    const topo: Value[] = [];
    const visited = new Set<Value>();
    // Iterative post-order DFS: a long chain of ops must not overflow the call stack.
    const stack: { node: Value; expanded: boolean }[] = [{ node: this, expanded: false }];
    for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
      if (top.expanded) {
        topo.push(top.node);
        continue;
      }
      if (visited.has(top.node)) continue;
      visited.add(top.node);
      stack.push({ node: top.node, expanded: true });
      for (const child of top.node.children) if (!visited.has(child)) stack.push({ node: child, expanded: false });
    }
    this.grad = 1;
    for (const node of topo.reverse()) node.backwardStep();
  }

  toString(): string {
    return `Value(data=${this.data}, grad=${this.grad})`;
  }
}
