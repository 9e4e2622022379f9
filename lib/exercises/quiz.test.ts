import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GradeResult } from "@/lib/grading/contract";
import { PackageRuntime } from "@/lib/grading/package-runtime";
import { loadPackageFromFiles, type QuizPackage } from "./loader";
import { localizerFor } from "./platform-messages";
import { DEFAULT_QUIZ_RTOL, fillPlaceholders, gradeQuizAnswer, renderQuizVariant } from "./quiz";

// Quiz grading on small in-memory packages, one per kind. Each package's suite runs in its own
// isolate (as in the grader); the variant it computes is judged here.

const runtime = new PackageRuntime();
afterAll(() => runtime.dispose());

async function gradeQuiz(pkg: QuizPackage, seed: number, answer: unknown): Promise<GradeResult> {
  const suite = await runtime.load(pkg);
  const l = localizerFor("en", pkg.meta.messages);
  return gradeQuizAnswer(renderQuizVariant(await suite.quiz(seed), l), answer, suite.descriptor?.rtol ?? DEFAULT_QUIZ_RTOL, l);
}

async function presentQuiz(pkg: QuizPackage, seed: number) {
  const { presentation } = renderQuizVariant(await (await runtime.load(pkg)).quiz(seed), localizerFor("en", pkg.meta.messages));
  return { prompt: fillPlaceholders(pkg.prompt, presentation.vars, pkg.label), presentation };
}

const meta = (kind: string) =>
  JSON.stringify({ id: `q-${kind}`, title: `${kind} quiz`, kind, points: 1, order: 1, tags: [], attempts: { max: null } });

function quiz(kind: string, suite: string, prompt = "Quiz"): QuizPackage {
  const pkg = loadPackageFromFiles(`test-${kind}`, { "exercise.json": meta(kind), "prompt.md": prompt, "suite.ts": suite });
  if (pkg.kind === "code") throw new Error("expected a quiz");
  return pkg;
}

let numeric: QuizPackage;
let choice: QuizPackage;
let order: QuizPackage;
let graph: QuizPackage;

beforeAll(() => {
  numeric = quiz(
    "numeric",
    `import type { QuizSuite } from "@/lib/exercises/suite-types";
     const suite: QuizSuite<{ p: number; n: number; tax: number }> = {
       kind: "numeric",
       variant: (rng) => ({ p: rng.int(50, 150), n: rng.int(2, 5), tax: 1.1 }),
       present: (v) => ({ kind: "numeric", vars: { p: v.p, n: v.n }, fields: [{ id: "dApple", label: "dApple" }, { id: "zero", label: "zero" }] }),
       answer: (v) => ({ kind: "numeric", values: { dApple: v.n * v.tax, zero: 0 } }),
       hint: (_v, field) => (field === "dApple" ? "Swap and multiply." : undefined),
     };
     export default suite;`,
    "An apple costs {{p}}, you buy {{n}}.",
  );
  choice = quiz(
    "choice",
    `export default {
       kind: "choice",
       variant: () => ({}),
       present: () => ({ kind: "choice", vars: {}, multiple: true, options: [{ id: "a", label: "A" }, { id: "b", label: "B" }, { id: "c", label: "C" }] }),
       answer: () => ({ kind: "choice", selected: ["a", "c"] }),
     };`,
  );
  order = quiz(
    "order",
    `export default {
       kind: "order",
       variant: () => ({}),
       present: () => ({ kind: "order", vars: {}, items: [{ id: "h", label: "h'" }, { id: "g", label: "g'" }, { id: "f", label: "f'" }] }),
       answer: () => ({ kind: "order", order: ["h", "g", "f"] }),
     };`,
  );
  // z = t², t = x + y with x = 2, y = 3: t = 5, z = 25, dz/dt = 10, dz/dx = 10.
  graph = quiz(
    "graph",
    `import { chainRuleGraph } from "@/lib/engine";
     export default {
       kind: "graph",
       variant: () => ({ x: 2, y: 3 }),
       present: (v: { x: number; y: number }) => ({
         kind: "graph",
         vars: {},
         graph: chainRuleGraph(v.x, v.y),
         blanks: [
           { id: "t", node: "t", field: "value", label: "t" },
           { id: "z", node: "z", field: "value", label: "z" },
           { id: "dt", node: "t", field: "grad", label: "dz/dt" },
           { id: "dx", node: "x", field: "grad", label: "dz/dx" },
         ],
       }),
       answer: () => ({ kind: "graph", values: { t: 5, z: 25, dt: 10, dx: 10 } }),
     };`,
  );
});

describe("numeric", () => {
  it("fills prompt placeholders from the variant", async () => {
    const shown = await presentQuiz(numeric, 3);
    expect(shown.prompt).toMatch(/^An apple costs \d+, you buy \d\.$/);
    expect(JSON.stringify(shown.presentation)).not.toContain("dApple\":");
  });

  it("accepts answers within relative 1e-4 and numeric strings; abs tolerance at 0", async () => {
    const vars = (await presentQuiz(numeric, 3)).presentation.vars;
    const right = Number(vars.n) * 1.1;
    expect((await gradeQuiz(numeric, 3, { values: { dApple: right * (1 + 5e-5), zero: 1e-5 } })).score).toBe(1);
    expect((await gradeQuiz(numeric, 3, { values: { dApple: String(right), zero: "0" } })).score).toBe(1);
    const half = await gradeQuiz(numeric, 3, { values: { dApple: right * 1.01, zero: 0 } });
    expect(half.score).toBe(0.5);
    expect(half.tests[0]?.message).toBe("dApple is not correct. Swap and multiply.");
    expect(half.tests[0]?.message).not.toContain(String(right));
  });

  it("rejects malformed answers without grading them", async () => {
    for (const bad of [42, { values: { dApple: "abc", zero: 0 } }, { values: { dApple: 1 } }, { values: { dApple: 1, zero: 0, extra: 1 } }, { values: { dApple: Infinity, zero: 0 } }]) {
      const r = await gradeQuiz(numeric, 3, bad);
      expect(r.gradable, JSON.stringify(bad)).toBe(false);
      expect(r.error?.kind).toBe("input");
    }
    expect((await gradeQuiz(numeric, 3, { values: { dApple: 1 } })).error?.message).toMatch(/missing field "zero"/);
  });
});

describe("malformed answers in the student's language", () => {
  async function gradeIn(locale: "en" | "ko", pkg: QuizPackage, answer: unknown): Promise<string> {
    const suite = await runtime.load(pkg);
    const l = localizerFor(locale, pkg.meta.messages);
    const r = gradeQuizAnswer(renderQuizVariant(await suite.quiz(3), l), answer, suite.descriptor?.rtol ?? DEFAULT_QUIZ_RTOL, l);
    expect(r.gradable).toBe(false);
    return r.error?.message ?? "";
  }

  it("says what is wrong with the JSON in Korean, with no English word of zod's", async () => {
    const cases: { answer: unknown; pkg: () => QuizPackage; en: RegExp; ko: RegExp }[] = [
      { pkg: () => numeric, answer: { values: { dApple: "abc", zero: 0 } }, en: /^values\.dApple: is not a finite number \(the answer must be/, ko: /^values\.dApple: 유한한 숫자가 아닙니다 \(답은 /u },
      { pkg: () => numeric, answer: { values: { dApple: "  ", zero: 0 } }, en: /^values\.dApple: is empty/, ko: /^values\.dApple: 비어 있습니다/u },
      { pkg: () => numeric, answer: { values: { dApple: true, zero: 0 } }, en: /^values\.dApple: is not a number/, ko: /^values\.dApple: 숫자가 아닙니다/u },
      { pkg: () => numeric, answer: { values: 7 }, en: /^values: must be an object/, ko: /^values: 객체여야 합니다/u },
      { pkg: () => choice, answer: { selected: "a" }, en: /^selected: must be a list/, ko: /^selected: 목록\(배열\)이어야 합니다/u },
      { pkg: () => choice, answer: { selected: [1] }, en: /^selected\.0: must be a string/, ko: /^selected\.0: 문자열이어야 합니다/u },
      { pkg: () => order, answer: 42, en: /^answer: must be an object/, ko: /^답: 객체여야 합니다/u },
    ];
    for (const c of cases) {
      expect(await gradeIn("en", c.pkg(), c.answer), JSON.stringify(c.answer)).toMatch(c.en);
      const korean = await gradeIn("ko", c.pkg(), c.answer);
      expect(korean, JSON.stringify(c.answer)).toMatch(c.ko);
      // Only the JSON's own names (values, selected, dApple) and the shape's keys stay Latin.
      expect(korean.replace(/\{[^}]*\}/g, "").replace(/values|selected|order|dApple|\d+/g, ""), korean).not.toMatch(/[A-Za-z]{3,}/);
    }
  });
});

describe("choice and order", () => {
  it("choice is set equality; unknown ids are input errors", async () => {
    expect((await gradeQuiz(choice, 1, { selected: ["c", "a"] })).score).toBe(1);
    expect((await gradeQuiz(choice, 1, { selected: ["a"] })).score).toBe(0);
    expect((await gradeQuiz(choice, 1, { selected: ["a", "z"] })).error?.message).toMatch(/Unknown option id\(s\): z/);
    expect((await gradeQuiz(choice, 1, { selected: "a" })).gradable).toBe(false);
  });

  it("order must be an exact permutation", async () => {
    expect((await gradeQuiz(order, 1, { order: ["h", "g", "f"] })).score).toBe(1);
    expect((await gradeQuiz(order, 1, { order: ["f", "g", "h"] })).score).toBe(0);
    expect((await gradeQuiz(order, 1, { order: ["h", "h", "f"] })).error?.message).toMatch(/exactly once/);
  });
});

describe("graph", () => {
  it("full marks for the true values", async () => {
    expect((await gradeQuiz(graph, 1, { values: { t: 5, z: 25, dt: 10, dx: 10 } })).score).toBe(1);
  });

  it("one slip costs one box: later boxes are judged on the student's own numbers", async () => {
    // t wrong (6); z = 36 = 6² is consistent with it; dz/dt = 10 is right (local gradient at the
    // true t); dz/dx = dz/dt · 1 = 10 follows.
    const r = await gradeQuiz(graph, 1, { values: { t: 6, z: 36, dt: 10, dx: 10 } });
    expect(r.tests.map((t) => t.passed)).toEqual([false, true, true, true]);
    // dz/dt wrong (12) and dz/dx = 12 carried forward: only dz/dt is marked wrong.
    const g = await gradeQuiz(graph, 1, { values: { t: 5, z: 25, dt: 12, dx: 12 } });
    expect(g.tests.map((t) => t.passed)).toEqual([true, true, false, true]);
    expect(g.score).toBe(0.75);
  });

  it("missing or unknown blanks are input errors", async () => {
    expect((await gradeQuiz(graph, 1, { values: { t: 5 } })).error?.message).toMatch(/missing blank "z"/);
    expect((await gradeQuiz(graph, 1, { values: { t: 5, z: 25, dt: 10, dx: 10, q: 1 } })).error?.message).toMatch(/Unknown blank/);
  });
});

describe("numbers a quiz shows (issue 21: readable results)", () => {
  it("a prompt's {{number}} reads without float noise", () => {
    expect(fillPlaceholders("x = {{x}}, n = {{n}}, w = {{w}}", { x: 0.1 + 0.2, n: 3, w: "word" }, "q")).toBe("x = 0.3, n = 3, w = word");
  });

  it("a message's number parameter (hints, feedback) reads without float noise", () => {
    expect(localizerFor("en").text({ key: "grader.compare.wrong-length", params: { path: "dx", length: 110.00000000000001 } })).toBe("dx has the wrong length (110)");
  });

  it("numeric and graph results carry the tolerance they were judged with; choice results do not", async () => {
    expect((await gradeQuiz(graph, 1, { values: { t: 5, z: 25, dt: 10, dx: 10 } })).rtol).toBe(DEFAULT_QUIZ_RTOL);
    expect((await gradeQuiz(choice, 1, { selected: ["a"] })).rtol).toBeUndefined();
  });
});
