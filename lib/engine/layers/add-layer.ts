import { assertFinite } from "../matrix";

/**
 * Addition node (the book's AddLayer). d(x+y)/dx = d(x+y)/dy = 1, so the upstream gradient
 * passes through unchanged and nothing needs to be stored; backward therefore works without
 * a forward, exactly like the Python.
 */
export class AddLayer {
  forward(x: number, y: number): number {
    assertFinite(x, "AddLayer.forward x");
    assertFinite(y, "AddLayer.forward y");
    return x + y;
  }

  backward(dout: number): [dx: number, dy: number] {
    assertFinite(dout, "AddLayer.backward dout");
    return [dout, dout];
  }
}
