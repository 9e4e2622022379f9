export class Value {
  grad = 0;
  constructor(public data: number) {}
  add(o: Value): Value {
    return new Value(this.data + o.data;
  }
}
