import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkPackage } from "@/lib/exercises/check-package";
import { loadPackageFromFiles, readPackageFiles } from "@/lib/exercises/loader";
import { createGraderClient, type GraderClient } from "@/lib/grading";

// exercises:check on a bilingual package (issue 18), through the real grader: the hidden-value leak
// check reads every language, and translation problems are warnings (stale, unstamped) or problems
// (a mismatch between the languages), never silent.

let grader: GraderClient;

beforeAll(async () => {
  grader = createGraderClient({ onLog: (line) => process.stderr.write(`[grader] ${line}\n`) });
  await grader.ready();
}, 60_000);

afterAll(async () => {
  await grader.close();
});

describe("exercises:check on a bilingual package", () => {
  it("passes mul-layer, the reference item, without a warning", async () => {
    const files = await readPackageFiles("exercises/mul-layer");
    const report = await checkPackage(loadPackageFromFiles("mul-layer", files), { grader, seeds: 2, sampleSeeds: [1] });
    expect(report.problems).toEqual([]);
    expect(report.warnings).toEqual([]);
  }, 60_000);

  it("catches an expected value that leaks only through the Korean text", async () => {
    const files = await readPackageFiles("exercises/mul-layer");
    const suite = files["suite.ts"] ?? "";
    // A case name whose Korean template shows a parameter the English one leaves out: the product.
    const leaky = suite.replace(
      'randomCase(rng, { key: "case.positive" }, 0.5, 10),',
      '(() => { const c = randomCase(rng, "", 0.5, 10); const p = c.input as Product; return { ...c, name: { key: "case.leak", params: { v: p.x * p.y } } }; })(),',
    );
    expect(leaky).not.toBe(suite);
    const meta = (files["exercise.json"] ?? "").replace('"messages": {', '"messages": {\n    "case.leak": { "en": "positive inputs", "ko": "양수 입력 ({v})" },');
    const report = await checkPackage(loadPackageFromFiles("mul-layer", { ...files, "suite.ts": leaky, "exercise.json": meta }), { grader, seeds: 2, sampleSeeds: [1] });
    const text = report.problems.join("\n");
    expect(text).toMatch(/hidden expected value\(s\) .* appear in a student-visible message/);
    // The languages differ in parameters: that is a problem of its own.
    expect(text).toMatch(/translation: ko messages\.case\.leak: mismatch: parameters differ/);
  }, 60_000);

  it("warns, without failing, when the English changed after the Korean was stamped", async () => {
    const files = await readPackageFiles("exercises/mul-layer");
    const prompt = `${files["prompt.md"] ?? ""}\nOne more English sentence.\n`;
    const meta = (files["exercise.json"] ?? "").replace('"backward must return an array [dx, dy]"', '"backward must return an array: [dx, dy]"');
    const report = await checkPackage(loadPackageFromFiles("mul-layer", { ...files, "prompt.md": prompt, "exercise.json": meta }), { grader, seeds: 2, sampleSeeds: [1] });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.warnings).toEqual([
      expect.stringMatching(/^translation: ko prompt\.md: stale: the en text changed after the ko text was stamped/),
      expect.stringMatching(/^translation: ko messages\.driver\.not-array: stale:/),
    ]);
  }, 60_000);
});
