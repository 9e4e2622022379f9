// Hostile: every value lists itself as a child; a traversal without a visited set never ends,
// and this one never even returns from backward.
export class Value {
  grad = 0;
  children: Value[] = [];

  constructor(public data: number) {
    this.children.push(this);
  }

  add(o: Value | number): Value {
    return new Value(this.data + (typeof o === "number" ? o : o.data));
  }

  mul(o: Value | number): Value {
    return new Value(this.data * (typeof o === "number" ? o : o.data));
  }

  pow(n: number): Value {
    return new Value(this.data ** n);
  }

  relu(): Value {
    return new Value(Math.max(0, this.data));
  }

  tanh(): Value {
    return new Value(Math.tanh(this.data));
  }

  backward(): void {
    const stack: Value[] = [this];
    while (stack.length > 0) {
      const v = stack.pop()!;
      v.grad += 1;
      stack.push(...v.children);
    }
  }
}
