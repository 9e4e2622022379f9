export class Value {
  grad = 0;
  private step = (): void => undefined;

  constructor(
    public data: number,
    private readonly prev: Value[] = [],
  ) {}

  private static of(x: Value | number): Value {
    return typeof x === "number" ? new Value(x) : x;
  }

  add(other: Value | number): Value {
    const o = Value.of(other);
    const out = new Value(this.data + o.data, [this, o]);
    out.step = () => {
      this.grad += out.grad;
      o.grad += out.grad;
    };
    return out;
  }

  mul(other: Value | number): Value {
    const o = Value.of(other);
    const out = new Value(this.data * o.data, [this, o]);
    out.step = () => {
      this.grad += this.data * out.grad;
      o.grad += o.data * out.grad;
    };
    return out;
  }

  pow(n: number): Value {
    const out = new Value(Math.pow(this.data, n), [this]);
    out.step = () => {
      this.grad += n * Math.pow(this.data, n - 1) * out.grad;
    };
    return out;
  }

  relu(): Value {
    const out = new Value(Math.max(0, this.data), [this]);
    out.step = () => {
      if (out.data > 0) this.grad += out.grad;
    };
    return out;
  }

  tanh(): Value {
    const out = new Value(Math.tanh(this.data), [this]);
    out.step = () => {
      this.grad += (1 - out.data ** 2) * out.grad;
    };
    return out;
  }

  backward(): void {
    const order: Value[] = [];
    const seen = new Set<Value>();
    (function visit(v: Value): void {
      if (seen.has(v)) return;
      seen.add(v);
      v.prev.forEach(visit);
      order.push(v);
    })(this);
    this.grad = 1;
    for (let i = order.length - 1; i >= 0; i--) order[i]!.step();
  }
}
