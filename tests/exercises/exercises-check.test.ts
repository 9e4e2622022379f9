import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkCourse, checkPackage, COURSE_SLUGS, courseCoverage, formatReport } from "@/lib/exercises/check-package";
import { loadPackageFromFiles, readPackageFiles } from "@/lib/exercises/loader";
import { createGraderClient, type GraderClient } from "@/lib/grading";

// The same proof as `npm run exercises:check`, through the real grader process, plus evidence
// that the check itself can fail (a check that cannot fail proves nothing).

let grader: GraderClient;

beforeAll(async () => {
  // Grader restarts are logged: under CPU starvation they are what makes this test slow.
  grader = createGraderClient({ onLog: (line) => process.stderr.write(`[grader] ${line}\n`) });
  await grader.ready();
}, 60_000);

afterAll(async () => {
  await grader.close();
});

describe("exercises:check", () => {
  it("proves every package of the course", async () => {
    const result = await checkCourse({ grader, onReport: (r) => process.stderr.write(`exercises:check ${formatReport(r)}\n`) });
    const problems = [...result.courseProblems, ...result.reports.flatMap((r) => r.problems.map((p) => `${r.slug}: ${p}`))];
    // Thrown rather than diffed: a diff of hundreds of long messages can take vitest minutes.
    if (problems.length > 0) throw new Error(`${problems.length} problem(s):\n${problems.slice(0, 40).join("\n")}`);
    expect(result.reports.map((r) => r.slug)).toEqual([...COURSE_SLUGS]);
    for (const r of result.reports) expect(r.seeds).toBeGreaterThanOrEqual(20);
    // Every code item reports its diagnosis coverage (the check above fails one below 80 %).
    const coverage = courseCoverage(result.reports);
    expect(result.reports.filter((r) => r.kind === "code").every((r) => r.coverage !== null && r.coverage.wrong >= 8)).toBe(true);
    expect(coverage.diagnosed / coverage.wrong).toBeGreaterThanOrEqual(0.8);
    // The capstone's training runs and every sample's time-out are graded one at a time in the
    // exclusive lane (CPU time): on a loaded two-core machine the whole course takes minutes.
  }, 600_000);

  it("catches a package whose hidden-test message leaks the expected value", async () => {
    const files = await readPackageFiles("exercises/buy-apple");
    const suite = files["suite.ts"] ?? "";
    // The classic authoring slip: "dApple is wrong (expected 2.2)".
    const leaky = suite.replace('[{ key: "check.field-wrong", params: { field: k } }]', '[{ key: "check.field-wrong", params: { field: `${k} (expected ${e.result[k]})` } }]');
    expect(leaky).not.toBe(suite);
    const pkg = loadPackageFromFiles("buy-apple", { ...files, "suite.ts": leaky });
    const report = await checkPackage(pkg, { grader, seeds: 2, sampleSeeds: [1] });
    expect(report.ok).toBe(false);
    expect(report.problems.join("\n")).toMatch(/hidden expected value\(s\) .* appear in a student-visible message/);
  }, 60_000);

  it("catches a mislabelled sample and a solution that does not pass", async () => {
    const files = await readPackageFiles("exercises/add-layer");
    const meta = (files["exercise.json"] ?? "").replace('"samples/split-evenly.ts", "score": 0, "diagnosis": "halved"', '"samples/split-evenly.ts", "score": 0, "diagnosis": "doubled"');
    expect(meta).not.toBe(files["exercise.json"]); // the label really was changed
    const pkg = loadPackageFromFiles("add-layer", { ...files, "exercise.json": meta, "solution.ts": files["mistakes/doubled.ts"] ?? "" });
    const report = await checkPackage(pkg, { grader, seeds: 2, sampleSeeds: [1] });
    const text = report.problems.join("\n");
    expect(text).toMatch(/solution scores 0 on seed 1/);
    expect(text).toMatch(/sample samples\/split-evenly\.ts \(seed 1\) is diagnosed as halved, labelled doubled/);
  }, 60_000);
});
