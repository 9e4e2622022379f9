import { describe, expect, it } from "vitest";
import { hashPackageFiles, loadCourse, loadPackage, loadPackageFromFiles, type PackageFiles } from "./loader";

const quizMeta = {
  id: "q-test",
  title: "Test quiz",
  kind: "numeric",
  points: 1,
  order: 1,
  tags: [],
  attempts: { max: 3 },
};

const numericSuite = `
import { createRng } from "@/lib/engine";
import type { QuizSuite } from "@/lib/exercises/suite-types";
const suite: QuizSuite<{ a: number }> = {
  kind: "numeric",
  variant: (rng) => ({ a: rng.int(2, 9) }),
  present: (p) => ({ kind: "numeric", vars: { a: p.a }, fields: [{ id: "double", label: "2a" }] }),
  answer: (p) => ({ kind: "numeric", values: { double: 2 * p.a } }),
};
void createRng;
export default suite;
`;

function files(overrides: Partial<Record<string, string>> = {}, meta: object = quizMeta): PackageFiles {
  const base: PackageFiles = {
    "exercise.json": JSON.stringify(meta),
    "prompt.md": "What is 2 × {{a}}?",
    "suite.ts": numericSuite,
  };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete base[k];
    else base[k] = v;
  }
  return base;
}

describe("loadPackageFromFiles", () => {
  it("validates an in-memory quiz package as data (its suite is not run here)", () => {
    const pkg = loadPackageFromFiles("double-it", files());
    expect(pkg.kind).toBe("numeric");
    expect(pkg.meta.title).toBe("Test quiz");
    expect(pkg.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(pkg.files["suite.ts"]).toBe(numericSuite);
    expect(Object.keys(pkg)).not.toContain("suite");
  });

  it("names file and field for a wrong type", () => {
    expect(() => loadPackageFromFiles("bad", files({}, { ...quizMeta, points: "ten" }))).toThrow(/<memory>\/bad\/exercise\.json: points: .*expected number/);
  });

  it("rejects unknown keys (a typo must not drop a setting)", () => {
    expect(() => loadPackageFromFiles("bad", files({}, { ...quizMeta, timelimit: 5 }))).toThrow(/exercise\.json: \(root\): .*timelimit/);
  });

  it("rejects code-only fields on quiz items", () => {
    expect(() => loadPackageFromFiles("bad", files({}, { ...quizMeta, timeLimitMs: 500 }))).toThrow(/exercise\.json: timeLimitMs: only allowed for kind "code"/);
  });

  it("reports a missing referenced file, invalid JSON and a missing suite", () => {
    const meta = { ...quizMeta, kind: "code", exports: ["X"], mistakes: [{ id: "m", file: "mistakes/m.ts", message: "m" }] };
    expect(() => loadPackageFromFiles("bad", files({}, meta))).toThrow(/bad\/mistakes\/m\.ts: missing/);
    expect(() => loadPackageFromFiles("bad", files({ "exercise.json": "{ nope" }))).toThrow(/exercise\.json: invalid JSON/);
    expect(() => loadPackageFromFiles("bad", files({ "suite.ts": undefined }))).toThrow(/bad\/suite\.ts: missing/);
  });
});

describe("hashPackageFiles", () => {
  it("is stable under key order and changes with content", () => {
    const a = hashPackageFiles({ "a.md": "1", "b.md": "2" });
    expect(hashPackageFiles({ "b.md": "2", "a.md": "1" })).toBe(a);
    expect(hashPackageFiles({ "a.md": "1", "b.md": "3" })).not.toBe(a);
    // path/content boundaries are unambiguous
    expect(hashPackageFiles({ ab: "c" })).not.toBe(hashPackageFiles({ a: "bc" }));
  });
});

describe("disk packages", () => {
  it("loads exercises/mul-layer with defaults filled in", async () => {
    const pkg = await loadPackage("exercises/mul-layer");
    if (pkg.kind !== "code") throw new Error("mul-layer is a code item");
    expect(pkg.label).toBe("exercises/mul-layer");
    expect(pkg.exports).toEqual(["MulLayer"]);
    expect(pkg.timeLimitMs).toBe(2000);
    expect(pkg.mistakes.map((m) => m.id)).toEqual(["swapped", "not-stored", "dout-dout", "no-dout", "shared-state"]);
    expect(pkg.mistakes.every((m) => m.source?.includes("class MulLayer"))).toBe(true);
  });

  it("fails loudly for a missing folder", async () => {
    await expect(loadPackage("exercises/does-not-exist")).rejects.toThrow(/exercises\/does-not-exist: no such exercise folder/);
  });

  it("loads the whole course in course order", async () => {
    const course = await loadCourse();
    expect(course.length).toBeGreaterThan(0);
    const orders = course.map((p) => p.meta.order);
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
  });
});
