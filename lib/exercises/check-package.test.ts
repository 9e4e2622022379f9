import { describe, expect, it } from "vitest";
import { courseProblems, findLeaks, numberForms, type CourseEntry } from "./check-package";

describe("leak scan", () => {
  it("finds expected numbers printed in common ways, as whole numbers only", () => {
    expect(findLeaks("dApple is wrong (expected 2.2)", [2.2])).toEqual(["2.2"]);
    expect(findLeaks("dx should be 0.104994", [0.10499358540350662])).toContain("0.104994");
    expect(findLeaks("got 1.05e+3", [1050])).toContain("1.05e+3");
    expect(findLeaks("value -3.14159", [-3.14159265])).toContain("-3.14159");
    // not inside a longer number, and not trivial small integers
    expect(findLeaks("case 12.25 failed", [2.2])).toEqual([]);
    expect(findLeaks("purchase 3 failed", [3])).toEqual([]);
  });

  it("does not count a float's rounding to a short integer as a form", () => {
    expect(numberForms(2.9999999)).not.toContain("3");
  });
});

describe("course problems", () => {
  const pkg = (slug: string, order: number, unlockAfter?: string): CourseEntry => ({ slug, meta: { order, unlockAfter } });

  it("accepts orders 1..N and unlocks that point backwards", () => {
    expect(courseProblems([pkg("a", 1), pkg("b", 2, "a")], { requiredSlugs: ["a", "b"] })).toEqual([]);
  });

  it("reports gaps, repeats, missing items and unlocks that point forwards", () => {
    const problems = courseProblems([pkg("a", 1, "b"), pkg("b", 3)], { requiredSlugs: ["a", "c"] }).join("\n");
    expect(problems).toMatch(/orders must be 1\.\.2/);
    expect(problems).toMatch(/missing required item c/);
    expect(problems).toMatch(/a unlocks after b, which comes later/);
  });
});
