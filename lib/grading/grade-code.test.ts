import { afterAll, describe, expect, it } from "vitest";
import { loadPackage, loadPackageFromFiles, readPackageFiles } from "@/lib/exercises";
import { FAST_BUDGET_FACTOR, fastLaneBudgetMs, gradeCode, MIN_FAST_BUDGET_MS, OverBudget, referenceRunMs, type LoadedCodePackage } from "./grade-code";
import { localizeResult } from "./contract";
import { PackageRuntime } from "./package-runtime";
import { IsolatePool } from "./sandbox";

// The fast lane's budget follows the exercise: a few times its reference solution's run, so an
// infinite loop on a quick exercise leaves the fast lane early (decision 048). Only a pool that
// counts CPU time (the exclusive lane) gives a timeout its verdict (decision 053).

const pool = new IsolatePool(1);
const exclusive = new IsolatePool(1, { cpuAccounting: true });
const runtime = new PackageRuntime();
afterAll(() => {
  pool.dispose();
  exclusive.dispose();
  runtime.dispose();
});

async function codePackage(slug: string): Promise<LoadedCodePackage> {
  const pkg = await loadPackage(`exercises/${slug}`);
  if (pkg.kind !== "code") throw new Error(`${slug} is not a code item`);
  return { pkg, suite: await runtime.load(pkg) };
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
    // mul-layer with a reference solution that spins ~10 ms per run: 20× that is over 50 ms.
    const files = await readPackageFiles("exercises/mul-layer");
    const slow = files["solution.ts"]?.replace("return x * y;", "const until = Date.now() + 1; while (Date.now() < until) {} return x * y;");
    const pkg = loadPackageFromFiles("mul-layer", { ...files, "solution.ts": slow ?? "" }, { label: "<memory>/slow-mul-layer" });
    if (pkg.kind !== "code") throw new Error("mul-layer is a code item");
    const loaded = { pkg, suite: await runtime.load(pkg) };
    expect(await referenceRunMs(loaded, pool)).toBeGreaterThan(10);
    expect(await fastLaneBudgetMs(loaded, 50, pool)).toBe(50);
  });

  it("an infinite loop leaves the fast lane; a correct submission is graded within it", async () => {
    const mul = await codePackage("mul-layer");
    const loop = `export class MulLayer { forward(x: number, y: number): number { for (;;) {} } backward(d: number): [number, number] { return [d, d]; } }`;
    await expect(gradeCode(mul, { code: loop, seed: 1, mode: "hidden", budgetMs: 50 }, pool)).rejects.toBeInstanceOf(OverBudget);
    const graded = await gradeCode(mul, { code: mul.pkg.solution, seed: 1, mode: "hidden", budgetMs: 50 }, pool);
    expect(graded.score).toBe(1);
  });

  it("without a budget, a pool that measures wall time still never gives a timeout score", async () => {
    const mul = await codePackage("mul-layer");
    const loop = `export class MulLayer { forward(x: number, y: number): number { for (;;) {} } backward(d: number): [number, number] { return [d, d]; } }`;
    await expect(gradeCode(mul, { code: loop, seed: 2, mode: "hidden" }, pool)).rejects.toBeInstanceOf(OverBudget);
  });

  it("the exclusive lane's pool counts CPU time and gives the timeout its verdict", async () => {
    const mul = await codePackage("mul-layer");
    const loop = `export class MulLayer { forward(x: number, y: number): number { for (;;) {} } backward(d: number): [number, number] { return [d, d]; } }`;
    const graded = await gradeCode(mul, { code: loop, seed: 3, mode: "hidden" }, exclusive);
    expect(graded).toMatchObject({ score: 0, gradable: true, error: { kind: "timeout", message: "Your code ran longer than 2000 ms of CPU time (an infinite loop?)" } });
    // The reason in Korean too (issue 18): the sandbox's message key, rendered by the grader.
    const ko = localizeResult(graded, "ko").result;
    expect(ko.error?.message).toBe("코드가 CPU 시간 2000 ms보다 오래 실행되었습니다(무한 루프인가요?)");
    expect(ko.tests[0]?.message).toBe("코드가 CPU 시간 2000 ms보다 오래 실행되었습니다(무한 루프인가요?)");
    expect(graded.tests.every((t) => !t.passed)).toBe(true);
    expect((await gradeCode(mul, { code: mul.pkg.solution, seed: 3, mode: "hidden" }, exclusive)).score).toBe(1);
  }, 20_000);
});
