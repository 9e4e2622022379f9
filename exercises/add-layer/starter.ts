/** A number, or an array of numbers processed elementwise (like a NumPy array). */
export type Tensor = number | number[];

export class AddLayer {
  forward(x: Tensor, y: Tensor): Tensor {
    // TODO: x + y (elementwise for arrays)
    return 0;
  }

  backward(dout: Tensor): [Tensor, Tensor] {
    // TODO: the upstream gradient for x and for y
    return [0, 0];
  }
}
