import { describe, expect, it } from "vitest";
import { englishText } from "@/lib/i18n/translate";
import { collapseMissingExports, draftProblems, formField } from "./draft-problems";
import { exerciseKinds } from "./schema";
import { itemTemplate } from "./templates";

describe("draft problems, named by field", () => {
  it("finds none in any kind's template", () => {
    for (const kind of exerciseKinds) expect(draftProblems(`t-${kind}`, itemTemplate(kind, `t-${kind}`, 1))).toEqual([]);
  });

  it("lists every problem at once", () => {
    const files = itemTemplate("code", "x", 1);
    const { "suite.ts": _suite, ...rest } = files;
    const meta = { ...(JSON.parse(files["exercise.json"] ?? "{}") as Record<string, unknown>), title: 3, points: 0, mistakes: [{ id: "m", file: "mistakes/m.ts", message: "M" }] };
    const found = draftProblems("Not A Slug", { ...rest, "exercise.json": JSON.stringify(meta) });
    expect(found.map((p) => p.field)).toEqual(["slug", "file:suite.ts", "title", "points"]);
    const ok = draftProblems("x", { ...files, "exercise.json": JSON.stringify({ ...(JSON.parse(files["exercise.json"] ?? "{}") as Record<string, unknown>), mistakes: [{ id: "m", file: "mistakes/m.ts", message: "M" }] }) });
    expect(ok.map((p) => [p.field, englishText(p.message)])).toEqual([["mistakes.0.file", "the file mistakes/m.ts is missing"]]);
    expect(draftProblems("x", { ...files, "exercise.json": "{" }).map((p) => p.field)).toEqual(["exercise.json"]);
    expect(formField("mistakes.0.message")).toBe("mistakes");
  });

  it("collapses the reference solution's missing export into one problem of the exports field", () => {
    const problems = [
      "solution scores 0 on seed 1 (runtime: Your code must export solv): hidden case 1: Your code must export solv",
      "solution scores 0 on seed 2 (runtime: Your code must export solv): hidden case 1: Your code must export solv",
      "the starter scores 1",
    ];
    const { problems: kept, exports } = collapseMissingExports(problems);
    expect(kept).toEqual(["the starter scores 1"]);
    expect(exports && englishText(exports.message)).toBe("the reference solution (solution.ts) does not export solv");
    expect(collapseMissingExports(["the starter scores 1"]).exports).toBeNull();
  });
});
