export type Tensor = number | number[];

export class AddLayer {
  forward(x: Tensor, y: Tensor): Tensor {
    if (typeof x === "number" && typeof y === "number") return x + y;
    if (Array.isArray(x) && Array.isArray(y)) return x.map((v, i) => v + (y[i] ?? NaN));
    throw new Error("shapes differ");
  }

  backward(dout: Tensor): [Tensor, Tensor] {
    return [dout, dout];
  }
}
