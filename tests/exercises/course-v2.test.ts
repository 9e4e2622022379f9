import { afterAll, describe, expect, it } from "vitest";
import { loadPackage, type QuizPackage } from "@/lib/exercises/loader";
import type { QuizVariant } from "@/lib/exercises/quiz";
import { PackageRuntime } from "@/lib/grading/package-runtime";

// The course review's findings (issue 17) that a package's samples cannot show by themselves:
// what a quiz computes, and what a prompt or message says. Each fails on the course before the
// fix. (The code items' findings are samples in their packages, proved by exercises:check.)

const runtime = new PackageRuntime();
afterAll(() => runtime.dispose());

async function quizPackage(slug: string): Promise<QuizPackage> {
  const pkg = await loadPackage(`exercises/${slug}`);
  if (pkg.kind === "code") throw new Error(`${slug} is a code item`);
  return pkg;
}

async function variants(slug: string, seeds = 20): Promise<QuizVariant[]> {
  const suite = await runtime.load(await quizPackage(slug));
  return Promise.all(Array.from({ length: seeds }, (_, i) => suite.quiz(i + 1)));
}

const values = (v: QuizVariant): Record<string, number> => (v.answer.kind === "numeric" || v.answer.kind === "graph" ? v.answer.values : {});

describe("course v2 findings", () => {
  it("central-difference uses a function whose central difference shows its O(h²) error", async () => {
    for (const v of await variants("central-difference")) {
      const { exact = NaN, central = NaN } = values(v);
      expect(Math.abs(central - exact)).toBeGreaterThan(1e-3 * Math.abs(exact));
    }
    const hints = (await variants("central-difference", 1))[0]?.hints ?? {};
    expect(hints.central).not.toMatch(/it is exact/i);
  });
});
