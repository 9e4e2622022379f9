import { describe, expect, it } from "vitest";
import { confirmationBeforeSubmit, standingLabel, type ItemStanding } from "./standing";

const base: ItemStanding = { status: "not-started", bestScore: 0, rawScore: 0, resultsHidden: false, attempts: 0, attemptsLeft: 3 };
const after = (s: Partial<ItemStanding>): ItemStanding => ({ ...base, ...s });

describe("the item header's status", () => {
  it("says not started, best so far, solved, and credited for late work", () => {
    expect(standingLabel(base)).toEqual({ key: "status.notStarted" });
    expect(standingLabel(after({ status: "attempted", bestScore: 0.4, rawScore: 0.4, attempts: 1 }))).toEqual({ key: "statusBest", solved: false, best: 0.4 });
    expect(standingLabel(after({ status: "solved", bestScore: 1, rawScore: 1, attempts: 2 }))).toEqual({ key: "status.solved" });
    expect(standingLabel(after({ status: "solved", bestScore: 0.8, rawScore: 1, attempts: 1 }))).toEqual({ key: "statusCredited", solved: true, best: 0.8, raw: 1 });
    // Floating point from the credit policy is no late penalty.
    expect(standingLabel(after({ status: "solved", bestScore: 1 - 1e-12, rawScore: 1, attempts: 1 }))).toEqual({ key: "status.solved" });
  });

  it("never shows a score while an exam hides results", () => {
    expect(standingLabel(after({ resultsHidden: true }))).toEqual({ key: "status.notStarted" });
    expect(standingLabel(after({ resultsHidden: true, status: "attempted", attempts: 1 }))).toEqual({ key: "statusHidden" });
  });
});

describe("asking before an attempt is spent", () => {
  it("asks on a solved quiz, saying how many attempts remain (or that they are unlimited)", () => {
    expect(confirmationBeforeSubmit(after({ status: "solved", bestScore: 1, rawScore: 1, attempts: 1, attemptsLeft: 2 }), "quiz")).toEqual({ reason: "solved", attemptsLeft: 2 });
    expect(confirmationBeforeSubmit(after({ status: "solved", bestScore: 1, rawScore: 1, attempts: 1, attemptsLeft: null }), "quiz")).toEqual({ reason: "solved", attemptsLeft: null });
    expect(confirmationBeforeSubmit(after({ status: "solved", bestScore: 1, rawScore: 1, attempts: 2, attemptsLeft: 1 }), "quiz")).toEqual({ reason: "solved", attemptsLeft: 1 });
  });

  it("asks before the last attempt, for code and quizzes", () => {
    expect(confirmationBeforeSubmit(after({ status: "attempted", attempts: 2, attemptsLeft: 1 }), "quiz")).toEqual({ reason: "last-attempt", attemptsLeft: 1 });
    expect(confirmationBeforeSubmit(after({ status: "attempted", attempts: 2, attemptsLeft: 1 }), "code")).toEqual({ reason: "last-attempt", attemptsLeft: 1 });
  });

  it("sends at once otherwise: attempts to spare, unlimited code, none left, or an exam hiding results", () => {
    expect(confirmationBeforeSubmit(base, "quiz")).toBeNull();
    expect(confirmationBeforeSubmit(after({ status: "attempted", attempts: 1, attemptsLeft: 2 }), "quiz")).toBeNull();
    expect(confirmationBeforeSubmit(after({ status: "solved", bestScore: 1, rawScore: 1, attempts: 1, attemptsLeft: null }), "code")).toBeNull();
    expect(confirmationBeforeSubmit(after({ status: "solved", attempts: 3, attemptsLeft: 0 }), "quiz")).toBeNull();
    // A hidden result must not be revealed by the question (the standing says "attempted" then anyway).
    expect(confirmationBeforeSubmit(after({ status: "solved", resultsHidden: true, attempts: 1, attemptsLeft: 2 }), "quiz")).toBeNull();
  });
});
