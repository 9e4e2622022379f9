import { describe, expect, it } from "vitest";
import { defaultQuizForm, formulaProblem, quizFormSchema, suiteFromForm } from "./quiz-form";

describe("the question form", () => {
  it("accepts arithmetic over the variables and refuses anything else", () => {
    expect(formulaProblem("2 * x + Math.exp(-a) / 1e-3", ["x", "a"])).toBeNull();
    expect(formulaProblem("a > 4 && x <= 2", ["x", "a"])).toBeNull();
    expect(formulaProblem("process.exit(1)", ["x"])).toMatch(/unknown name "process"/);
    expect(formulaProblem("x.constructor", ["x"])).toMatch(/unknown name "constructor"/);
    expect(formulaProblem("`${x}`", ["x"])).toMatch(/only numbers/);
    expect(formulaProblem("'a'", ["x"])).toMatch(/only numbers/);
    expect(formulaProblem("y", ["x"])).toMatch(/unknown name "y"/);
    expect(formulaProblem(" ", ["x"])).toBe("empty formula");
  });

  it("names each problem of a form by its path", () => {
    const form = { ...defaultQuizForm("numeric"), variables: [{ name: "x", min: 5, max: 5 }, { name: "x", min: 1, max: 2 }], fields: [{ id: "d", label: "{z}", answer: "2 *" }] };
    const parsed = quizFormSchema.safeParse(form);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join("."))).toEqual(["variables.0.max", "variables.1.name", "fields.0.label"]);
  });

  it("writes a suite with the variables drawn, labels computed and the answers as formulas", () => {
    const suite = suiteFromForm({ kind: "choice", variables: [{ name: "a", min: 2, max: 9 }], fields: [], options: [{ label: "f'(x) = {2 * a}x", correct: "a > 4" }, { label: "x", correct: "false" }], multiple: true });
    expect(suite).toContain("a: rng.int(2, 9)");
    expect(suite).toContain('"f\'(x) = " + fmt(2 * a) + "x"');
    expect(suite).toContain("Boolean(a > 4)");
    expect(suite).toContain("multiple: true");
  });
});
