import { afterAll, describe, expect, it } from "vitest";
import { loadPackageFromFiles, readPackageFiles, type PackageFiles } from "@/lib/exercises/loader";
import { PackageRuntime } from "./package-runtime";

// A package's suite is bundled and evaluated in its own isolate; every failure names the file and
// the package function, and the package's next call gets a fresh isolate.

const runtime = new PackageRuntime();
afterAll(() => runtime.dispose());

const quizMeta = { id: "q-test", title: "Test quiz", kind: "numeric", points: 1, order: 1, tags: [], attempts: { max: 3 } };
const numericSuite = `
import type { QuizSuite } from "@/lib/exercises/suite-types";
const suite: QuizSuite<{ a: number }> = {
  kind: "numeric",
  variant: (rng) => ({ a: rng.int(2, 9) }),
  present: (p) => ({ kind: "numeric", vars: { a: p.a }, fields: [{ id: "double", label: "2a" }] }),
  answer: (p) => ({ kind: "numeric", values: { double: 2 * p.a } }),
};
export default suite;
`;

let serial = 0;
function quiz(suite: string, extra: PackageFiles = {}, meta: object = quizMeta) {
  return loadPackageFromFiles(`pkg-${++serial}`, { "exercise.json": JSON.stringify(meta), "prompt.md": "2 × {{a}}?", "suite.ts": suite, ...extra });
}

describe("loading a suite", () => {
  it("evaluates a valid suite in an isolate and answers its shape", async () => {
    const suite = await runtime.load(quiz(numericSuite));
    expect(suite.descriptor).toMatchObject({ kind: "numeric", rtol: null, hasCheck: false });
    const variant = await suite.quiz(3);
    expect(variant.presentation.kind).toBe("numeric");
    expect(variant.answer).toEqual({ kind: "numeric", values: { double: 2 * Number(variant.presentation.vars.a) } });
  });

  it("resolves relative imports between package files, and nothing above the package", async () => {
    const relative = `import { twice } from "./helpers"; ${numericSuite.replace("2 * p.a", "twice(p.a)")}`;
    await expect(runtime.load(quiz(relative, { "helpers.ts": "export const twice = (n: number) => 2 * n;" }))).resolves.toBeDefined();
    const above = `import { twice } from "../mul-layer/suite"; ${numericSuite.replace("2 * p.a", "twice(p.a)")}`;
    await expect(runtime.load(quiz(above))).rejects.toThrow(/suite\.ts:1:\d+: cannot resolve "\.\.\/mul-layer\/suite" inside the package/);
  });

  it("refuses imports other than the engine, by exact name (no ../ out of lib/engine)", async () => {
    await expect(runtime.load(quiz(`import fs from "node:fs"; export default { kind: "numeric", fs };`))).rejects.toThrow(/may not import packages or Node modules \("node:fs"\)/);
    await expect(runtime.load(quiz(`import { x } from "@/lib/data/secret"; export default x;`))).rejects.toThrow(/may import only @\/lib\/engine/);
    await expect(runtime.load(quiz(`import * as up from "@/lib/engine/../data/db"; export default up;`))).rejects.toThrow(/may import only @\/lib\/engine .*"@\/lib\/engine\/\.\.\/data\/db"/);
    await expect(runtime.load(quiz(`const fs = require("fs"); export default fs;`))).rejects.toThrow(/may not import packages or Node modules \("fs"\)/);
  });

  it("names the suite's shape problems field by field", async () => {
    await expect(runtime.load(quiz(`export default { kind: "numeric", variant: () => 1, present: 3 };`))).rejects.toThrow(
      /suite\.ts: default export\.present: expected a function[\s\S]*default export\.answer: expected a function/,
    );
    await expect(runtime.load(quiz(numericSuite, {}, { ...quizMeta, kind: "choice" }))).rejects.toThrow(/default export\.kind: "numeric" does not match exercise\.json kind "choice"/);
    await expect(runtime.load(quiz(`export default 42;`))).rejects.toThrow(/the default export must be an object \(the suite\), not number/);
  });

  it("reports a suite that throws while it is evaluated", async () => {
    await expect(runtime.load(quiz(`throw new Error("boom"); export default {};`))).rejects.toThrow(/suite\.ts: evaluating the module: threw Error: boom/);
  });
});

describe("limits and failures of package calls", () => {
  it("a looping function is stopped and named; the package works again afterwards", async () => {
    const files = await readPackageFiles("exercises/mul-layer");
    const looping = files["suite.ts"]?.replace("hiddenCases: (rng) => [", "hiddenCases: (rng) => [...(rng.next() < 2 ? (() => { for (;;) {} })() : []),");
    const suite = await runtime.load(loadPackageFromFiles("mul-layer", { ...files, "suite.ts": looping ?? "" }, { label: "<memory>/looping" }));
    const started = performance.now();
    await expect(suite.cases(1, "hidden")).rejects.toThrow(/<memory>\/looping\/suite\.ts: hiddenCases\(\): ran longer than 5000 ms/);
    expect(performance.now() - started).toBeLessThan(8000);
    const publicCases = await suite.cases(1, "public");
    expect(publicCases.cases.length).toBeGreaterThan(0);
  }, 20_000);

  it("a function that allocates without bound is stopped by the memory limit", async () => {
    const suite = await runtime.load(
      quiz(`const keep: number[][] = [];
        export default { kind: "numeric", variant: () => { for (;;) keep.push(new Array(1e6).fill(1)); },
          present: () => ({}), answer: () => ({}) };`),
    );
    await expect(suite.quiz(1)).rejects.toThrow(/suite\.ts: variant\(\), present\(\) or answer\(\): used more than 128 MB of memory/);
  }, 20_000);

  it("values of the wrong shape are named", async () => {
    const suite = await runtime.load(quiz(numericSuite.replace('fields: [{ id: "double", label: "2a" }]', 'fields: "double"')));
    await expect(suite.quiz(1)).rejects.toThrow(/present\(\) \/ answer\(\): returned a value of the wrong shape: presentation/);
  });

  it("package code sees the engine and ECMAScript, nothing of the host", async () => {
    const probe = `
      const seen = {
        process: typeof (globalThis as Record<string, unknown>).process,
        require: typeof (globalThis as Record<string, unknown>).require,
        fetch: typeof (globalThis as Record<string, unknown>).fetch,
        WebAssembly: typeof (globalThis as Record<string, unknown>).WebAssembly,
        SharedArrayBuffer: typeof (globalThis as Record<string, unknown>).SharedArrayBuffer,
        FinalizationRegistry: typeof (globalThis as Record<string, unknown>).FinalizationRegistry,
        ctorProcess: typeof (Function("return this")() as Record<string, unknown>).process,
      };
      export default { kind: "numeric", variant: () => ({}), present: () => ({ kind: "numeric", vars: seen, fields: [{ id: "x", label: "x" }] }), answer: () => ({ kind: "numeric", values: { x: 1 } }) };`;
    const suite = await runtime.load(quiz(probe));
    const variant = await suite.quiz(1);
    expect(variant.presentation.vars).toEqual({
      process: "undefined",
      require: "undefined",
      fetch: "undefined",
      WebAssembly: "undefined",
      SharedArrayBuffer: "undefined",
      FinalizationRegistry: "undefined",
      ctorProcess: "undefined",
    });
  });
});
