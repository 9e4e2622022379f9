import { z } from "zod";
import { userText } from "@/lib/i18n/user-text";

// What a submission earns by when it was stored: the late policies of an assignment, the student's
// own deadline (with their extension), an exam's window and duration. Pure arithmetic over epoch
// milliseconds, so the data layer, the pages and the benchmark share one definition
// (docs/decisions/080-assignments-deadlines-and-credit.md). The time that counts is the one the
// server stored with the submission; the browser's clock never enters.

/** Said after every refusal of a submission (a userText reference; lib/data/student-assignments.ts drops it). */
export const NOTHING_STORED = ` ${userText("errors.nothingStored")}`;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const latePolicySchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("none") }),
  z.object({
    kind: z.enum(["per-day", "per-hour"]),
    // Fraction of the score lost per started day (hour) late.
    penalty: z.number().gt(0, "The penalty must be more than 0 %").max(1, "The penalty is at most 100 %"),
    // Late work never earns less than this fraction (0: it can reach nothing).
    floor: z.number().min(0, "The floor is at least 0 %").max(1, "The floor is at most 100 %"),
  }),
  z.object({
    kind: z.literal("until"),
    // Late work until this instant earns `factor` of its score; later work earns nothing.
    until: z.number(),
    factor: z.number().min(0, "The factor is at least 0 %").max(1, "The factor is at most 100 %"),
  }),
]);
export type LatePolicy = z.infer<typeof latePolicySchema>;

export interface AssignmentRules {
  releaseAt: number;
  dueAt: number;
  policy: LatePolicy;
  isExam: boolean;
  /** Per-student duration of an exam, counted from their start; null: the window only. */
  examMinutes: number | null;
}

/** A student's exception on an assignment (absent: none). */
export interface StudentExtension {
  /** A new due time (an exam's window end) for this student. */
  dueAt: number | null;
  /** Added to the due time; for an exam, to the duration and to the window's end. */
  extraMinutes: number;
}

const NO_EXTENSION: StudentExtension = { dueAt: null, extraMinutes: 0 };

/** The student's own due time (an exam: the end of their window). */
export function personalDueAt(rules: AssignmentRules, extension: StudentExtension | null): number {
  const ext = extension ?? NO_EXTENSION;
  return (ext.dueAt ?? rules.dueAt) + ext.extraMinutes * MINUTE;
}

/** When an exam ends for this student: the window's end, or earlier when their duration runs out. */
export function examEndsAt(rules: AssignmentRules, extension: StudentExtension | null, startedAt: number | null): number {
  const windowEnd = personalDueAt(rules, extension);
  if (rules.examMinutes === null || startedAt === null) return windowEnd;
  return Math.min(windowEnd, startedAt + (rules.examMinutes + (extension?.extraMinutes ?? 0)) * MINUTE);
}

/**
 * The fraction of its score a submission stored at `at` earns. On time (at or before the student's
 * due time, to the millisecond) earns all of it; late work what the policy says, counting every
 * started day or hour. An extension moves a fixed late deadline by as much as it moved the due time.
 */
export function creditFactor(rules: AssignmentRules, extension: StudentExtension | null, at: number): number {
  const due = personalDueAt(rules, extension);
  if (at <= due) return 1;
  if (rules.isExam) return 0; // refused at submission; a row can only get here by an edit of the window
  const p = rules.policy;
  switch (p.kind) {
    case "none":
      return 0;
    case "per-day":
    case "per-hour": {
      const units = Math.ceil((at - due) / (p.kind === "per-day" ? DAY : HOUR));
      return Math.max(p.floor, 1 - p.penalty * units);
    }
    case "until":
      return at <= p.until + Math.max(0, due - rules.dueAt) ? p.factor : 0;
  }
}

export type SubmitVerdict =
  | { ok: true; factor: number; late: boolean }
  | { ok: false; reason: "not-released" | "exam-not-started" | "exam-over"; message: string };

/**
 * Whether a student may submit at `now` (the time the server is about to store), and what the
 * submission would earn. Assignments take late work (it earns what the policy says, maybe 0);
 * exams refuse anything outside the student's window. `describe` formats an instant for the message.
 */
export function submitVerdict(
  rules: AssignmentRules,
  extension: StudentExtension | null,
  startedAt: number | null,
  now: number,
  describe: (instant: number) => string,
): SubmitVerdict {
  if (now < rules.releaseAt) {
    return { ok: false, reason: "not-released", message: userText("errors.opensAt", { exam: String(rules.isExam), at: describe(rules.releaseAt) }) + NOTHING_STORED };
  }
  if (rules.isExam) {
    const windowEnd = personalDueAt(rules, extension);
    if (now > windowEnd) return { ok: false, reason: "exam-over", message: userText("errors.examClosedAt", { at: describe(windowEnd) }) + NOTHING_STORED };
    if (rules.examMinutes !== null) {
      if (startedAt === null) return { ok: false, reason: "exam-not-started", message: userText("errors.examStartFirst") + NOTHING_STORED };
      const end = examEndsAt(rules, extension, startedAt);
      if (now > end) return { ok: false, reason: "exam-over", message: userText("errors.examTimeEnded", { at: describe(end) }) + NOTHING_STORED };
    }
    return { ok: true, factor: 1, late: false };
  }
  const factor = creditFactor(rules, extension, now);
  return { ok: true, factor, late: now > personalDueAt(rules, extension) };
}

// Percent as a number with one decimal: the message writes the sign in each language's way.
const pct = (x: number) => Math.round(x * 1000) / 10;

/**
 * The policy in words, e.g. "late work loses 10 % per started day, never below 50 %": a userText
 * reference (latePolicy namespace) the adapter reads in the viewer's language; `describe` writes
 * the date in that language too (formatTime in the viewer's language and zone).
 */
export function describeLatePolicy(policy: LatePolicy, describe: (instant: number) => string): string {
  switch (policy.kind) {
    case "none":
      return userText("latePolicy.none");
    case "per-day":
    case "per-hour":
      return userText("latePolicy.perUnit", { penalty: pct(policy.penalty), unit: policy.kind === "per-day" ? "day" : "hour", floor: pct(policy.floor) });
    case "until":
      return userText("latePolicy.until", { until: describe(policy.until), factor: pct(policy.factor) });
  }
}

/** A graded attempt for the purpose of credit: when it was stored, and its raw score in [0, 1]. */
export interface TimedScore {
  at: number;
  score: number;
}

export interface CreditedCell {
  /** Best raw score (what the grader gave). */
  raw: number;
  /** Best score after the policy: the score kept for the item. */
  credited: number;
  /** Attempts stored after the student's due time. */
  late: number;
}

/** The raw and the credited best of one student's attempts at one item. */
export function creditedBest(attempts: readonly TimedScore[], rules: AssignmentRules | null, extension: StudentExtension | null): CreditedCell {
  let raw = 0;
  let credited = 0;
  let late = 0;
  const due = rules ? personalDueAt(rules, extension) : Infinity;
  for (const a of attempts) {
    raw = Math.max(raw, a.score);
    credited = Math.max(credited, rules ? a.score * creditFactor(rules, extension, a.at) : a.score);
    if (a.at > due) late++;
  }
  return { raw, credited, late };
}

/** An assignment as one student sees it (their own due time, what a submission now earns); built by lib/data. */
export interface StudentAssignmentDto {
  id: string;
  title: string;
  isExam: boolean;
  timeZone: string;
  releaseAt: Date;
  released: boolean;
  /** The student's own due time (an exam: the end of their window). */
  dueAt: Date;
  /** The due time everyone has; differs from dueAt when the student has an extension. */
  baseDueAt: Date;
  extended: boolean;
  /** The late policy in words (assignments only). */
  policy: string | null;
  /** What a submission stored now would earn, as a fraction (null: not open now). */
  factorNow: number | null;
  lateNow: boolean;
  /** Why submitting is refused now (not released, exam not started or over). */
  closedReason: string | null;
  exam: {
    minutes: number | null;
    startedAt: Date | null;
    /** When the student's exam ends (their window, or start + duration). */
    endsAt: Date;
    mayStart: boolean;
    resultsHidden: boolean;
    publicTests: boolean;
  } | null;
  exerciseIds: string[];
}
