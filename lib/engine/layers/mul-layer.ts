import { assertFinite } from "../matrix";

/**
 * Multiplication node (the book's MulLayer). forward stores both inputs because each one's
 * gradient is the upstream gradient times the *other* input ("swap and multiply").
 * One object per product: reusing it overwrites the stored inputs.
 */
export class MulLayer {
  x: number | null = null;
  y: number | null = null;

  forward(x: number, y: number): number {
    assertFinite(x, "MulLayer.forward x");
    assertFinite(y, "MulLayer.forward y");
    this.x = x;
    this.y = y;
    return x * y;
  }

  backward(dout: number): [dx: number, dy: number] {
    assertFinite(dout, "MulLayer.backward dout");
    if (this.x === null || this.y === null) throw new Error("MulLayer.backward called before forward");
    return [dout * this.y, dout * this.x];
  }
}
