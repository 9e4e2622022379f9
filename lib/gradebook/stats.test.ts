import { describe, expect, it } from "vitest";
import {
  buildGradebook,
  cellsFromAttempts,
  filterRows,
  median,
  scoreHistogram,
  sortRows,
  type AttemptEvent,
  type GradebookItem,
  type GradebookStudent,
} from "./stats";

const H = 3_600_000;
const students: GradebookStudent[] = [
  { id: "u1", name: "김민지", email: "minji@example.com" },
  { id: "u2", name: "Bob", email: "bob@example.com" },
  { id: "u3", name: null, email: "carol@example.com" },
];
const items: GradebookItem[] = [
  { id: "i1", slug: "mul-layer", title: "MulLayer", kind: "code", points: 3, hidden: false },
  { id: "i2", slug: "quiz", title: "Quiz", kind: "numeric", points: 1, hidden: false },
];
const attempts: AttemptEvent[] = [
  // u1 solves i1 on the third attempt, 2 h after the first
  { userId: "u1", itemId: "i1", at: 0, score: 0 },
  { userId: "u1", itemId: "i1", at: 1 * H, score: 0.5 },
  { userId: "u1", itemId: "i1", at: 2 * H, score: 1 },
  { userId: "u1", itemId: "i1", at: 3 * H, score: 0.5 }, // a worse later attempt does not lower the best
  // u2 solves i1 at once, i2 never
  { userId: "u2", itemId: "i1", at: 10 * H, score: 1 },
  { userId: "u2", itemId: "i2", at: 11 * H, score: 0.25 },
  // an instructor trying the item is not a student of the gradebook
  { userId: "teacher", itemId: "i1", at: 0, score: 0 },
];

describe("gradebook statistics", () => {
  const cells = cellsFromAttempts([...attempts].reverse()); // input order must not matter
  const book = buildGradebook({ students, items, cells });

  it("folds attempts into best score, attempt count, last activity and first solve", () => {
    const u1 = book.rows[0]?.cells[0];
    expect(u1).toMatchObject({ bestScore: 1, attempts: 4, firstAt: 0, lastAt: 3 * H, solvedAt: 2 * H, attemptsToSolve: 3 });
    expect(book.rows[0]?.cells[1]).toBeNull();
    expect(book.rows[2]?.cells).toEqual([null, null]);
  });

  it("totals points per student", () => {
    expect(book.maxPoints).toBe(4);
    expect(book.rows.map((r) => r.totalPoints)).toEqual([3, 3.25, 0]);
    expect(book.rows.map((r) => r.solvedCount)).toEqual([1, 1, 0]);
    expect(book.rows.map((r) => r.lastActivity)).toEqual([3 * H, 11 * H, null]);
  });

  it("computes per-item mean, % solved, medians and the histogram", () => {
    const [s1, s2] = book.itemStats;
    expect(s1).toMatchObject({ started: 2, solved: 2, meanScore: 1, medianAttemptsToSolve: 2, medianTimeToSolveMs: 1 * H });
    expect(s1?.solvedRate).toBeCloseTo(2 / 3);
    expect(s2).toMatchObject({ started: 1, solved: 0, meanScore: 0.25, solvedRate: 0, medianAttemptsToSolve: null, medianTimeToSolveMs: null });
    expect(s2?.histogram.map((b) => b.count)).toEqual([0, 1, 0, 0, 0, 0]);
    expect(s1?.histogram.at(-1)).toEqual({ label: "100 %", count: 2 });
  });

  it("keeps the raw best and the credited best (after a late policy) apart; totals are credited", () => {
    // Everything after 2 h earns half: u1's solve at 2 h is on time, u2's at 10 h is late.
    const late = buildGradebook({ students, items, cells: cellsFromAttempts(attempts, (_u, _i, at) => (at > 2 * H ? 0.5 : 1)) });
    expect(late.rows[0]?.cells[0]).toMatchObject({ bestScore: 1, creditedScore: 1 });
    expect(late.rows[1]?.cells[0]).toMatchObject({ bestScore: 1, creditedScore: 0.5 });
    expect(late.rows.map((r) => [r.rawPoints, r.totalPoints])).toEqual([[3, 3], [3.25, 1.625], [0, 0]]);
    expect(book.rows[1]?.cells[0]?.creditedScore).toBe(1);
  });

  it("sorts by total, item score and name, and filters by name or email", () => {
    expect(sortRows(book.rows, items, "total", "desc").map((r) => r.student.id)).toEqual(["u2", "u1", "u3"]);
    // never-attempted cells sort last in both directions
    expect(sortRows(book.rows, items, "item:i2", "asc").map((r) => r.student.id)).toEqual(["u2", "u3", "u1"]);
    expect(sortRows(book.rows, items, "item:i2", "desc").map((r) => r.student.id)).toEqual(["u2", "u3", "u1"]);
    expect(sortRows(book.rows, items, "name", "asc").map((r) => r.student.id)).toEqual(["u2", "u1", "u3"]);
    expect(filterRows(book.rows, "민지").map((r) => r.student.id)).toEqual(["u1"]);
    expect(filterRows(book.rows, "CAROL").map((r) => r.student.id)).toEqual(["u3"]);
    expect(filterRows(book.rows, "  ")).toHaveLength(3);
  });
});

describe("helpers", () => {
  it("median of odd, even and empty lists", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it("histogram puts full marks in a bin of its own", () => {
    expect(scoreHistogram([0, 0.19, 0.2, 0.5, 0.99, 1, 1]).map((b) => b.count)).toEqual([2, 1, 1, 0, 1, 2]);
  });
});
