/** A number, or an array of numbers processed elementwise (like a NumPy array). */
export type Tensor = number | number[];

export class AddLayer {
  forward(x: Tensor, y: Tensor): Tensor {
    if (typeof x === "number" && typeof y === "number") return x + y;
    if (Array.isArray(x) && Array.isArray(y) && x.length === y.length) return x.map((v, i) => v + (y[i] ?? NaN));
    throw new Error("AddLayer.forward: x and y must both be numbers or arrays of the same length");
  }

  backward(dout: Tensor): [Tensor, Tensor] {
    // ∂(x+y)/∂x = ∂(x+y)/∂y = 1. Two fresh arrays, so updating one gradient never touches the other.
    if (typeof dout === "number") return [dout, dout];
    return [dout.slice(), dout.slice()];
  }
}
