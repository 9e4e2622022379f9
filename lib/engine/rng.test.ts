import { describe, expect, it } from "vitest";
import { createRng } from "./rng";

describe("createRng", () => {
  it("is reproducible: same seed, same sequence; numbers and their strings agree", () => {
    const a = createRng("student-1:item-5");
    const b = createRng("student-1:item-5");
    expect(Array.from({ length: 20 }, () => a.next())).toEqual(Array.from({ length: 20 }, () => b.next()));
    expect(createRng(42).next()).toBe(createRng("42").next());
    expect(createRng("a").next()).not.toBe(createRng("b").next());
  });

  it("is pinned: these values must never change, or every stored variant changes", () => {
    const rng = createRng("chainrule");
    const first = [rng.next(), rng.next(), rng.next()];
    // Recorded from this implementation; a change here means a different generator.
    expect(first).toEqual(PINNED);
  });

  it("next, uniform, int stay in range and cover it", () => {
    const rng = createRng(7);
    const ints = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const u = rng.next();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      const v = rng.uniform(-2, 3);
      expect(v).toBeGreaterThanOrEqual(-2);
      expect(v).toBeLessThan(3);
      ints.add(rng.int(1, 6));
    }
    expect([...ints].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("normal has mean ≈ 0 and variance ≈ 1", () => {
    const rng = createRng("normal");
    const xs = Array.from({ length: 20000 }, () => rng.normal());
    const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
    const variance = xs.reduce((s, v) => s + (v - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });

  it("pick and shuffle: shuffle returns a new permutation and leaves the input alone", () => {
    const rng = createRng(3);
    const items = [1, 2, 3, 4, 5] as const;
    const shuffled = rng.shuffle(items);
    expect(shuffled).not.toBe(items);
    expect([...shuffled].sort()).toEqual([1, 2, 3, 4, 5]);
    expect(items).toEqual([1, 2, 3, 4, 5]);
    expect(items).toContain(rng.pick(items));
  });

  it("is loud on bad input", () => {
    const rng = createRng(1);
    expect(() => rng.pick([])).toThrow(/no items/);
    expect(() => rng.int(3, 1)).toThrow(/bad integer range/);
    expect(() => rng.int(0.5, 2)).toThrow(/bad integer range/);
    expect(() => rng.uniform(1, NaN)).toThrow(/bad range/);
    expect(() => createRng(NaN)).toThrow(/seed must be finite/);
  });
});

const PINNED = [0.7262451264541596, 0.8509699371643364, 0.9385693713556975];
