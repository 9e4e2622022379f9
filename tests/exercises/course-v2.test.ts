import { afterAll, describe, expect, it } from "vitest";
import { COURSE_SLUGS } from "@/lib/exercises/check-package";
import { loadCourse, loadPackage, type ExercisePackage, type QuizPackage } from "@/lib/exercises/loader";
import { textIn } from "@/lib/exercises/i18n";
import { localizerFor } from "@/lib/exercises/platform-messages";
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

const mistakeMessage = async (slug: string, id: string): Promise<string> => {
  const pkg: ExercisePackage = await loadPackage(`exercises/${slug}`);
  const message = pkg.meta.mistakes?.find((m) => m.id === id)?.message;
  return message === undefined ? "" : textIn(message, "en").text;
};

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

  it.each(["node-rules", "affine-shapes"])("%s cannot be answered by counting: the number of right options varies", async (slug) => {
    const counts = new Set((await variants(slug, 30)).map((v) => (v.answer.kind === "choice" ? v.answer.selected.length : -1)));
    expect(counts.size).toBeGreaterThanOrEqual(3);
  });

  it("sigmoid-max-gradient says every sigmoid, not every layer, multiplies the gradient by at most 1/4", async () => {
    const prompt = (await quizPackage("sigmoid-max-gradient")).prompt;
    expect(prompt).not.toMatch(/every layer multiplies/);
    expect(prompt).toMatch(/at every sigmoid/);
  });

  it("mul-layer's not-stored message fits students whose fields start at 0 as well as NaN", async () => {
    const message = await mistakeMessage("mul-layer", "not-stored");
    expect(message).not.toMatch(/^backward returns NaN/);
    expect(message).toMatch(/0 gives \[0, 0\]/);
  });

  it("relu's messages put the in-place update where the book has it: in backward, not forward", async () => {
    expect(await mistakeMessage("relu", "mutates-input")).not.toMatch(/the book's out\[mask\] = 0/);
    expect(await mistakeMessage("relu", "book-backward")).toMatch(/dout\[self\.mask\] = 0/);
    expect((await loadPackage("exercises/relu")).prompt).toMatch(/backward[\s\S]*must not/);
  });

  it("softmax-with-loss's no-max message covers the underflowing half of its cases", async () => {
    expect(await mistakeMessage("softmax-with-loss", "no-max")).toMatch(/underflow/);
  });

  it("gradient-check names the book's and CS231n's conventions as conventions, and its prompt says which it uses", async () => {
    expect(await mistakeMessage("gradient-check", "book-mean-absolute")).toMatch(/gradient_check\.py/);
    expect(await mistakeMessage("gradient-check", "sum-denominator")).toMatch(/convention of CS231n/);
    expect((await loadPackage("exercises/gradient-check")).prompt).toMatch(/The convention this course uses/);
  });

  it("gradient-check comes right after numerical-gradient, and the chapter's new items are in the course in order", async () => {
    const slugs = (await loadCourse()).map((p) => p.slug);
    expect(slugs).toEqual([...COURSE_SLUGS]);
    expect(slugs.indexOf("gradient-check")).toBe(slugs.indexOf("numerical-gradient") + 1);
    const after = (a: string, b: string): boolean => slugs.indexOf(a) > slugs.indexOf(b);
    expect(after("branch-node-graph", "chain-rule-graph") && after("apple-partials", "predict-dapple") && after("buy-apple", "apple-partials")).toBe(true);
    expect(after("sigmoid", "sigmoid-graph") && after("div-layer", "add-layer") && after("debugging-lab", "softmax-with-loss")).toBe(true);
    expect(slugs.at(-1)).toBe("train-two-layer-net");
  });

  it("every layer's prompt tells the student to check backward with their own gradient check", async () => {
    for (const slug of ["mul-layer", "add-layer", "div-layer", "relu", "sigmoid", "affine", "softmax-with-loss", "two-layer-net"]) {
      expect((await loadPackage(`exercises/${slug}`)).prompt, slug).toMatch(/gradientCheck/);
    }
  });

  it("every layer that keeps state is also tested with two objects at once, and names state shared between them", async () => {
    for (const slug of ["mul-layer", "div-layer", "relu", "sigmoid", "affine", "softmax-with-loss"]) {
      const pkg = await loadPackage(`exercises/${slug}`);
      if (pkg.kind !== "code") throw new Error(`${slug} is a quiz`);
      const hidden = await (await runtime.load(pkg)).cases(1, "hidden");
      const l = localizerFor("en", pkg.meta.messages);
      expect(hidden.cases.filter((c) => / at once/.test(l.text(c.name))).length, slug).toBeGreaterThanOrEqual(2);
      expect(pkg.meta.mistakes?.map((m) => m.id), slug).toContain("shared-state");
    }
  });

  it("numerical-gradient-cost names no layer before the layers are taught", async () => {
    expect((await quizPackage("numerical-gradient-cost")).prompt).not.toMatch(/Affine|ReLU|Softmax/);
  });
});
