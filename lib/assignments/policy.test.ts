import { describe, expect, it } from "vitest";
import { creditFactor, creditedBest, examEndsAt, personalDueAt, submitVerdict, type AssignmentRules, NOTHING_STORED } from "./policy";

// Asymmetric matchers typed as unknown (they are `any`), so objects holding them stay type-safe.
const containing = (text: string): unknown => expect.stringContaining(text);


const due = Date.parse("2026-12-10T22:59:00Z");
const release = Date.parse("2026-12-01T08:00:00Z");
const H = 3_600_000;
const D = 24 * H;
const rules = (over: Partial<AssignmentRules> = {}): AssignmentRules => ({ releaseAt: release, dueAt: due, policy: { kind: "none" }, isExam: false, examMinutes: null, ...over });
const at = (t: number) => new Date(t).toISOString();

describe("late policies", () => {
  it("the last second before the due time is on time; the due instant itself too; a millisecond after is late", () => {
    const r = rules({ policy: { kind: "per-day", penalty: 0.1, floor: 0.5 } });
    expect(creditFactor(r, null, due - 1000)).toBe(1);
    expect(creditFactor(r, null, due)).toBe(1);
    expect(creditFactor(r, null, due + 1)).toBeCloseTo(0.9);
  });

  it("per day / per hour: every started unit costs the penalty, never below the floor", () => {
    const day = rules({ policy: { kind: "per-day", penalty: 0.1, floor: 0.5 } });
    expect(creditFactor(day, null, due + D)).toBeCloseTo(0.9);
    expect(creditFactor(day, null, due + D + 1)).toBeCloseTo(0.8);
    expect(creditFactor(day, null, due + 30 * D)).toBe(0.5);
    const hour = rules({ policy: { kind: "per-hour", penalty: 0.25, floor: 0 } });
    expect(creditFactor(hour, null, due + 90 * 60_000)).toBeCloseTo(0.5);
    expect(creditFactor(hour, null, due + 5 * H)).toBe(0);
  });

  it("no late work earns nothing late; a fixed late deadline earns its factor until then", () => {
    expect(creditFactor(rules(), null, due + 1)).toBe(0);
    const until = rules({ policy: { kind: "until", until: due + 2 * D, factor: 0.6 } });
    expect(creditFactor(until, null, due + 2 * D)).toBe(0.6);
    expect(creditFactor(until, null, due + 2 * D + 1)).toBe(0);
  });

  it("an extension moves the student's due time (and the fixed late deadline with it)", () => {
    const until = rules({ policy: { kind: "until", until: due + D, factor: 0.5 } });
    const ext = { dueAt: due + 3 * D, extraMinutes: 0 };
    expect(personalDueAt(until, ext)).toBe(due + 3 * D);
    expect(creditFactor(until, ext, due + 2 * D)).toBe(1);
    expect(creditFactor(until, ext, due + 4 * D)).toBe(0.5);
    expect(creditFactor(until, ext, due + 4 * D + 1)).toBe(0);
    expect(personalDueAt(until, { dueAt: null, extraMinutes: 90 })).toBe(due + 90 * 60_000);
  });

  it("keeps the raw best and the credited best of a student's attempts apart", () => {
    const r = rules({ policy: { kind: "per-day", penalty: 0.2, floor: 0 } });
    const cell = creditedBest([{ at: due - H, score: 0.5 }, { at: due + H, score: 1 }], r, null);
    expect(cell).toEqual({ raw: 1, credited: 0.8, late: 1 });
    expect(creditedBest([{ at: due + H, score: 1 }], null, null)).toEqual({ raw: 1, credited: 1, late: 0 });
  });
});

describe("exam windows", () => {
  const exam = rules({ isExam: true, releaseAt: due - 3 * H, examMinutes: 60 });
  const describe_ = at;

  it("refuses before the window, before the student's start, after their time and after the window", () => {
    expect(submitVerdict(exam, null, null, due - 4 * H, describe_)).toMatchObject({ ok: false, reason: "not-released" });
    expect(submitVerdict(exam, null, null, due - 2 * H, describe_)).toMatchObject({ ok: false, reason: "exam-not-started" });
    const started = due - 2 * H;
    expect(submitVerdict(exam, null, started, started + 60 * 60_000, describe_)).toEqual({ ok: true, factor: 1, late: false });
    expect(submitVerdict(exam, null, started, started + 60 * 60_000 + 1, describe_)).toMatchObject({ ok: false, reason: "exam-over", message: containing(NOTHING_STORED) });
    // A late start: the window's end comes first.
    expect(examEndsAt(exam, null, due - 30 * 60_000)).toBe(due);
    expect(submitVerdict(exam, null, due - 30 * 60_000, due + 1, describe_)).toMatchObject({ ok: false, reason: "exam-over" });
  });

  it("extra minutes lengthen both the student's duration and their window", () => {
    const ext = { dueAt: null, extraMinutes: 30 };
    expect(examEndsAt(exam, ext, due - 2 * H)).toBe(due - 2 * H + 90 * 60_000);
    expect(examEndsAt(exam, ext, due - 30 * 60_000)).toBe(due + 30 * 60_000);
  });

  it("assignments take late work and say what it earns", () => {
    const r = rules({ policy: { kind: "per-day", penalty: 0.1, floor: 0.5 } });
    expect(submitVerdict(r, null, null, due + 1, describe_)).toEqual({ ok: true, factor: 0.9, late: true });
    expect(submitVerdict(r, null, null, release - 1, describe_)).toMatchObject({ ok: false, reason: "not-released" });
  });
});
