/**
 * A student's correct answer, written differently from solution.ts.
 */
export class MulLayer {
  private a: number | null = null;
  private b: number | null = null;

  forward(x: number, y: number) {
    [this.a, this.b] = [x, y];
    return this.a * this.b;
  }

  backward(dout: number): [number, number] {
    if (this.a === null || this.b === null) throw new Error("call forward first");
    console.log("backward", dout);
    return [this.b * dout, this.a * dout];
  }
}
