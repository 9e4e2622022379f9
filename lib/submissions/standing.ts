// A student's standing on one item, as the item page shows it (header status, best score, attempts
// left) and as every graded answer returns it, so the page updates the moment a result arrives
// (issue 21) instead of after a reload. Pure and browser-safe: the page's client components read it.

import type { ItemStatus } from "@/lib/data/progress";

export type { ItemStatus };

export interface ItemStanding {
  status: ItemStatus;
  /** The score kept for the item (after the late policy); 0 while an exam hides results. */
  bestScore: number;
  /** The best raw score; differs from bestScore for late work. */
  rawScore: number;
  /** An exam's results not released: no score is shown. */
  resultsHidden: boolean;
  /** Graded attempts used. */
  attempts: number;
  /** null = unlimited */
  attemptsLeft: number | null;
}

/** Scores closer than this are the same score (floating point from the credit policy). */
const SAME = 1e-9;

/** The header's status sentence: an item.* message key and its values (scores as 0..1). */
export type StandingLabel =
  | { key: "statusHidden" | "status.notStarted" | "status.solved" }
  | { key: "statusCredited"; solved: boolean; best: number; raw: number }
  | { key: "statusBest"; solved: boolean; best: number };

export function standingLabel(s: ItemStanding): StandingLabel {
  if (s.resultsHidden) return { key: s.attempts > 0 ? "statusHidden" : "status.notStarted" };
  if (s.status === "not-started") return { key: "status.notStarted" };
  const solved = s.status === "solved";
  if (s.rawScore - s.bestScore > SAME) return { key: "statusCredited", solved, best: s.bestScore, raw: s.rawScore };
  if (solved) return { key: "status.solved" };
  return { key: "statusBest", solved, best: s.bestScore };
}

/**
 * Why the page asks before an answer is sent: the item is already solved (a quiz at 100 %: another
 * answer spends an attempt for nothing), or this is the last attempt. null: send at once.
 * Never while an exam hides results (the page must not reveal that an answer was right).
 */
export type SubmitConfirmation = { reason: "solved" | "last-attempt"; attemptsLeft: number | null } | null;

export function confirmationBeforeSubmit(s: ItemStanding, item: "quiz" | "code"): SubmitConfirmation {
  if (s.attemptsLeft === 0) return null;
  if (item === "quiz" && !s.resultsHidden && s.status === "solved") return { reason: "solved", attemptsLeft: s.attemptsLeft };
  if (s.attemptsLeft === 1) return { reason: "last-attempt", attemptsLeft: 1 };
  return null;
}
