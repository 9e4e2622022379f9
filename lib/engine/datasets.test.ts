import { describe, expect, it } from "vitest";
import { spiralData } from "./datasets";
import { createRng } from "./rng";
import { TwoLayerNet } from "./two-layer-net";

describe("spiralData", () => {
  it("draws the same points for the same seed: pointsPerClass per class, inside the unit disc", () => {
    const a = spiralData(createRng(5), 40);
    expect(a).toEqual(spiralData(createRng(5), 40));
    expect(a.x).toHaveLength(120);
    expect(a.t.filter((c) => c === 2)).toHaveLength(40);
    expect(a.x.every(([u = NaN, v = NaN]) => Math.hypot(u, v) <= 1 + 1e-12)).toBe(true);
    expect(spiralData(createRng(6), 40).x).not.toEqual(a.x);
    expect(() => spiralData(createRng(1), 1)).toThrow(/pointsPerClass/);
  });

  it("cannot be classified without training: an untrained network is near chance", () => {
    const { x, t } = spiralData(createRng(1), 40);
    const accuracy = TwoLayerNet.random(createRng(2), 2, 30, 3).accuracy(x, t);
    expect(accuracy).toBeLessThan(0.6);
    expect(() => TwoLayerNet.random(createRng(2), 2, 30, 3).accuracy(x, t.slice(1))).toThrow(/labels/);
  });
});
