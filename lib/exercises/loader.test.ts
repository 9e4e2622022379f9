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
  it("loads a valid in-memory quiz package and bundles its suite", async () => {
    const pkg = await loadPackageFromFiles("double-it", files());
    expect(pkg.kind).toBe("numeric");
    expect(pkg.meta.title).toBe("Test quiz");
    expect(pkg.hash).toMatch(/^[0-9a-f]{64}$/);
    if (pkg.kind === "code") throw new Error("expected a quiz");
    expect(typeof pkg.suite.variant).toBe("function");
  });

  it("names file and field for a wrong type", async () => {
    await expect(loadPackageFromFiles("bad", files({}, { ...quizMeta, points: "ten" }))).rejects.toThrow(
      /<memory>\/bad\/exercise\.json: points: .*expected number/,
    );
  });

  it("rejects unknown keys (a typo must not drop a setting)", async () => {
    await expect(loadPackageFromFiles("bad", files({}, { ...quizMeta, timelimit: 5 }))).rejects.toThrow(/exercise\.json: \(root\): .*timelimit/);
  });

  it("rejects code-only fields on quiz items", async () => {
    await expect(loadPackageFromFiles("bad", files({}, { ...quizMeta, timeLimitMs: 500 }))).rejects.toThrow(
      /exercise\.json: timeLimitMs: only allowed for kind "code"/,
    );
  });

  it("reports a missing referenced file", async () => {
    const meta = { ...quizMeta, kind: "code", exports: ["X"], mistakes: [{ id: "m", file: "mistakes/m.ts", message: "m" }] };
    await expect(loadPackageFromFiles("bad", files({}, meta))).rejects.toThrow(/bad\/mistakes\/m\.ts: missing/);
  });

  it("reports invalid JSON and a suite whose kind does not match", async () => {
    await expect(loadPackageFromFiles("bad", files({ "exercise.json": "{ nope" }))).rejects.toThrow(/exercise\.json: invalid JSON/);
    await expect(loadPackageFromFiles("bad", files({}, { ...quizMeta, kind: "choice" }))).rejects.toThrow(
      /suite\.ts: default export\.kind: "numeric" does not match exercise\.json kind "choice"/,
    );
  });

  it("reports a suite that imports something other than the engine", async () => {
    const suite = `import fs from "node:fs"; export default { kind: "numeric", fs };`;
    await expect(loadPackageFromFiles("bad", files({ "suite.ts": suite }))).rejects.toThrow(/may not import packages/);
    const alias = `import { x } from "@/lib/data/secret"; export default x;`;
    await expect(loadPackageFromFiles("bad", files({ "suite.ts": alias }))).rejects.toThrow(/may import only @\/lib\/engine/);
  });

  it("reports a suite that is missing functions", async () => {
    const suite = `export default { kind: "numeric", variant: () => 1, present: 3 };`;
    await expect(loadPackageFromFiles("bad", files({ "suite.ts": suite }))).rejects.toThrow(/default export\.present: expected a function/);
  });

  it("resolves relative imports between package files", async () => {
    const suite = `import { twice } from "./helpers"; ${numericSuite.replace("2 * p.a", "twice(p.a)")}`;
    const pkg = await loadPackageFromFiles("rel", files({ "suite.ts": suite, "helpers.ts": "export const twice = (n: number) => 2 * n;" }));
    expect(pkg.kind).toBe("numeric");
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
    expect(pkg.mistakes.map((m) => m.id)).toEqual(["swapped", "not-stored", "dout-dout", "no-dout"]);
    expect(pkg.mistakes.every((m) => m.source.includes("class MulLayer"))).toBe(true);
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
