import { describe, expect, it } from "vitest";
import { createRng } from "./rng";
import { SEEDS } from "./test-helpers";
import { uniformAwayFromZero } from "./variants";
import { Value } from "./value";

describe("Value (transcribed from micrograd's test_engine.py)", () => {
  it("sanity check: y = -20, x.grad = 46", () => {
    const x = new Value(-4.0);
    const z = Value.from(2).mul(x).add(2).add(x);
    const q = z.relu().add(z.mul(x));
    const h = z.mul(z).relu();
    const y = h.add(q).add(q.mul(x));
    y.backward();
    expect(y.data).toBeCloseTo(-20, 12);
    expect(x.grad).toBeCloseTo(46, 12);
  });

  it("more ops: g = 24.70408163265306, a.grad = 138.83381924198252, b.grad = 645.5772594752186", () => {
    const a = new Value(-4.0);
    const b = new Value(2.0);
    let c = a.add(b);
    let d = a.mul(b).add(b.pow(3));
    c = c.add(c.add(1)); // c += c + 1
    c = c.add(Value.from(1).add(c).add(a.neg())); // c += 1 + c + (-a)
    d = d.add(d.mul(2).add(b.add(a).relu())); // d += d * 2 + (b + a).relu()
    d = d.add(Value.from(3).mul(d).add(b.sub(a).relu())); // d += 3 * d + (b - a).relu()
    const e = c.sub(d);
    const f = e.pow(2);
    let g = f.div(2.0);
    g = g.add(Value.from(10.0).div(f)); // g += 10.0 / f
    g.backward();
    expect(g.data).toBeCloseTo(24.70408163265306, 10);
    expect(a.grad).toBeCloseTo(138.83381924198252, 9);
    expect(b.grad).toBeCloseTo(645.5772594752186, 9);
  });

  it("accumulates with +=: a + a gives a.grad = 2, a * a gives 2a", () => {
    const a = new Value(3);
    a.add(a).backward();
    expect(a.grad).toBe(2);
    const b = new Value(3);
    b.mul(b).backward();
    expect(b.grad).toBe(6);
  });

  it("rsub / rdiv put the number on the left; tanh and exp have the right derivatives", () => {
    const x = new Value(0.5);
    expect(x.rsub(2).data).toBe(1.5);
    expect(x.rdiv(2).data).toBe(4);
    const t = x.tanh();
    t.backward();
    expect(x.grad).toBeCloseTo(1 - Math.tanh(0.5) ** 2, 14);
    const y = new Value(0.5);
    y.exp().backward();
    expect(y.grad).toBeCloseTo(Math.exp(0.5), 14);
  });

  it("handles a long chain without overflowing the stack", () => {
    const x = new Value(1);
    let y = x;
    for (let i = 0; i < 20000; i++) y = y.add(1);
    y.backward();
    expect(x.grad).toBe(1);
  });

  // Each expression uses every op; inputs are drawn away from relu's kink and from 0 (div, pow).
  const expressions: ((a: Value, b: Value) => Value)[] = [
    (a, b) => a.mul(b).add(b.pow(3)).sub(a.div(b)),
    (a, b) => a.tanh().mul(b.exp()).add(a.sub(b).relu()),
    (a, b) => a.add(b).pow(2).div(2).add(Value.from(10).div(a.mul(a).add(1))).neg(),
    (a, b) => a.mul(a).mul(a).add(b.rsub(3).tanh()).add(b.rdiv(1)),
  ];

  it.each(SEEDS)("gradients agree with numerical derivatives (seed %i)", (seed) => {
    const rng = createRng(`value-${seed}`);
    const [a0, b0] = [uniformAwayFromZero(rng, -2, 2, 0.3), uniformAwayFromZero(rng, -2, 2, 0.3)];
    expressions.forEach((expr) => {
      const a = new Value(a0);
      const b = new Value(b0);
      expr(a, b).backward();
      const h = 1e-4;
      const at = (x: number, y: number): number => expr(new Value(x), new Value(y)).data;
      const da = (at(a0 + h, b0) - at(a0 - h, b0)) / (2 * h);
      const db = (at(a0, b0 + h) - at(a0, b0 - h)) / (2 * h);
      expect(Math.abs(a.grad - da) / Math.max(Math.abs(a.grad), Math.abs(da))).toBeLessThan(1e-6);
      expect(Math.abs(b.grad - db) / Math.max(Math.abs(b.grad), Math.abs(db))).toBeLessThan(1e-6);
    });
  });

  it("is loud on bad input", () => {
    expect(() => new Value(NaN)).toThrow(/Value data must be a finite number/);
    expect(() => new Value(0).pow(-1)).toThrow(/Value produced by \*\*-1 must be a finite number/);
    expect(() => new Value(-1).pow(0.5)).toThrow(/finite/);
    expect(() => new Value(1).div(0)).toThrow(/finite/);
  });
});
