import { describe, expect, it } from "vitest";
import { slugFromTitle, titleHasUnsluggableLetters } from "./slug";

// The slug the create-course form proposes from the title (decision 122).
describe("slugFromTitle", () => {
  it("lowercases, drops accents and joins words with single dashes", () => {
    expect(slugFromTitle("Machine Learning 2026")).toBe("machine-learning-2026");
    expect(slugFromTitle("  Café — Réseaux & Backprop!  ")).toBe("cafe-reseaux-backprop");
    expect(slugFromTitle("C++ / Rust")).toBe("c-rust");
  });

  it("romanizes Korean titles into a valid slug", () => {
    expect(slugFromTitle("딥러닝 기초")).toBe("dipreoning-gicho");
    expect(slugFromTitle("역전파 2026 봄")).toBe("yeokjeonpa-2026-bom");
    expect(slugFromTitle("밑바닥부터 시작하는 딥러닝")).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    expect(titleHasUnsluggableLetters("딥러닝 기초")).toBe(false);
  });

  it("leaves what it cannot write for the author, and says so", () => {
    expect(slugFromTitle("深層学習")).toBe("");
    expect(titleHasUnsluggableLetters("深層学習")).toBe(true);
    expect(slugFromTitle("深層学習 2026")).toBe("2026");
    expect(titleHasUnsluggableLetters("深層学習 2026")).toBe(true);
    expect(titleHasUnsluggableLetters("Deep learning")).toBe(false);
  });

  it("stays within 64 characters and never ends on a dash", () => {
    const slug = slugFromTitle(`${"a".repeat(63)} b`);
    expect(slug.length).toBeLessThanOrEqual(64);
    expect(slug).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });
});
