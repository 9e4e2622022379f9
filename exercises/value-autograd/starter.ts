export class Value {
  data: number;
  grad = 0;
  children: Value[];
  op: string;
  backwardStep: () => void = () => {};

  constructor(data: number, children: Value[] = [], op = "") {
    this.data = data;
    this.children = children;
    this.op = op;
  }

  add(other: Value | number): Value {
    const o = other instanceof Value ? other : new Value(other);
    const out = new Value(this.data + o.data, [this, o], "+");
    // TODO: out.backwardStep = () => { ... };
    return out;
  }

  mul(other: Value | number): Value {
    const o = other instanceof Value ? other : new Value(other);
    const out = new Value(this.data * o.data, [this, o], "*");
    // TODO: out.backwardStep
    return out;
  }

  pow(n: number): Value {
    const out = new Value(this.data ** n, [this], `**${n}`);
    // TODO: out.backwardStep
    return out;
  }

  relu(): Value {
    const out = new Value(this.data < 0 ? 0 : this.data, [this], "ReLU");
    // TODO: out.backwardStep
    return out;
  }

  tanh(): Value {
    const out = new Value(Math.tanh(this.data), [this], "tanh");
    // TODO: out.backwardStep
    return out;
  }

  // Compositions: their gradients come for free from the ops above.
  neg(): Value {
    return this.mul(-1);
  }

  sub(other: Value | number): Value {
    return this.add(other instanceof Value ? other.neg() : -other);
  }

  div(other: Value | number): Value {
    return this.mul(other instanceof Value ? other.pow(-1) : 1 / other);
  }

  backward(): void {
    // TODO: topological order, this.grad = 1, then each backwardStep in reverse order
  }
}
