import { afterAll, describe, expect, it } from "vitest";
import { loadPackage, type CodePackage } from "@/lib/exercises";
import { FAST_BUDGET_FACTOR, fastLaneBudgetMs, gradeCode, MIN_FAST_BUDGET_MS, OverBudget, referenceRunMs } from "./grade-code";
import { IsolatePool } from "./sandbox";

// The fast lane's budget follows the exercise: a few times its reference solution's run, so an
// infinite loop on a quick exercise leaves the fast lane early (decision 048).

const pool = new IsolatePool(1);
afterAll(() => pool.dispose());

async function codePackage(slug: string): Promise<CodePackage> {
  const pkg = await loadPackage(`exercises/${slug}`);
  if (pkg.kind !== "code") throw new Error(`${slug} is not a code item`);
  return pkg;
}

describe("fast-lane budget", () => {
  it("is FAST_BUDGET_FACTOR × the reference run, at least MIN_FAST_BUDGET_MS, at most what was asked", async () => {
    const mul = await codePackage("mul-layer");
    const reference = await referenceRunMs(mul, pool);
    expect(reference).toBeGreaterThan(0);
    expect(reference).toBeLessThan(Infinity);
    const budget = await fastLaneBudgetMs(mul, 50, pool);
    expect(budget).toBe(Math.min(50, Math.max(MIN_FAST_BUDGET_MS, Math.ceil(FAST_BUDGET_FACTOR * reference))));
    expect(Number.isInteger(budget)).toBe(true);
    expect(await fastLaneBudgetMs(mul, 5, pool)).toBe(5);
    // Measured once per package: asking again does not run the solution again.
    expect(await referenceRunMs(mul, pool)).toBe(reference);
  });

  it("keeps the whole requested budget for an exercise whose solution is slow", async () => {
    // Affine's reference multiplies matrices for its cases: milliseconds, so 20× is over 50 ms.
    expect(await fastLaneBudgetMs(await codePackage("affine"), 50, pool)).toBe(50);
  });

  it("an infinite loop leaves the fast lane; a correct submission is graded within it", async () => {
    const mul = await codePackage("mul-layer");
    const loop = `export class MulLayer { forward(x: number, y: number): number { for (;;) {} } backward(d: number): [number, number] { return [d, d]; } }`;
    await expect(gradeCode(mul, { code: loop, seed: 1, mode: "hidden", budgetMs: 50 }, pool)).rejects.toBeInstanceOf(OverBudget);
    const graded = await gradeCode(mul, { code: mul.solution, seed: 1, mode: "hidden", budgetMs: 50 }, pool);
    expect(graded.score).toBe(1);
  });
});
