export type Tensor = number | number[];

export class AddLayer {
  forward(x: Tensor, y: Tensor): Tensor {
    if (typeof x === "number" && typeof y === "number") return x + y;
    return (x as number[]).map((v, i) => v + ((y as number[])[i] ?? NaN));
  }

  backward(dout: Tensor): [Tensor, Tensor] {
    const half = (d: Tensor): Tensor => (typeof d === "number" ? d / 2 : d.map((v) => v / 2));
    return [half(dout), half(dout)];
  }
}
