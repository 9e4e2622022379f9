import { describe, expect, it } from "vitest";
import { attemptsToSolve, diagnosisShare, mistakeStats, solvedPerDay, timeToSolve, type AttemptRow } from "./analytics";
import { cellsFromAttempts } from "./stats";

const MIN = 60_000;
const H = 60 * MIN;
const row = (userId: string, at: number, score: number, diagnosisId: string | null = null): AttemptRow => ({ userId, itemId: "i1", at, score, diagnosisId });

describe("item analytics", () => {
  const attempts = [
    row("u1", 0, 0, "swapped"),
    row("u1", 10 * MIN, 0.5, "swapped"), // still the same mistake
    row("u1", 40 * MIN, 0.5, "no-dout"), // fixed "swapped" after 40 min, a new mistake
    row("u1", 2 * H, 1), // fixed "no-dout" after 80 min
    row("u2", 5 * H, 0, "swapped"), // never fixed
    row("u3", 6 * H, 0.5), // wrong, no diagnosis
    row("u4", 7 * H, 1), // solved at once
  ];

  it("counts distinct students per mistake and the median time to fix it", () => {
    expect(mistakeStats(attempts, new Map([["swapped", "dx and dy are swapped"]]))).toEqual([
      { id: "swapped", message: "dx and dy are swapped", students: 2, fixed: 1, medianFixMs: 40 * MIN },
      { id: "no-dout", message: null, students: 1, fixed: 1, medianFixMs: 80 * MIN },
    ]);
  });

  it("gives the share of wrong submissions that got a diagnosis", () => {
    expect(diagnosisShare(attempts)).toEqual({ wrong: 5, diagnosed: 4, share: 0.8 });
    expect(diagnosisShare([row("u1", 0, 1)])).toEqual({ wrong: 0, diagnosed: 0, share: null });
  });

  it("bins attempts and time to solve", () => {
    const cells = cellsFromAttempts(attempts.map((a) => ({ ...a })));
    expect(attemptsToSolve(cells).map((b) => b.count)).toEqual([1, 0, 0, 1, 0, 0, 0, 0]);
    expect(timeToSolve(cells).map((b) => [b.label, b.count])).toEqual([
      ["first try", 1],
      ["< 15 min", 0],
      ["15–60 min", 0],
      ["1–4 h", 1],
      ["4–24 h", 0],
      ["1–3 days", 0],
      ["> 3 days", 0],
    ]);
  });

  it("counts first solves per day in the course's time zone, with the empty days between", () => {
    const at = (iso: string) => Date.parse(iso);
    const cells = cellsFromAttempts([
      { userId: "u1", itemId: "i1", at: at("2026-12-01T22:30:00Z"), score: 1 }, // 2 Dec in Seoul
      { userId: "u2", itemId: "i1", at: at("2026-12-01T10:00:00Z"), score: 1 },
      { userId: "u3", itemId: "i1", at: at("2026-12-04T10:00:00Z"), score: 1 },
    ]);
    expect(solvedPerDay(cells, "Asia/Seoul")).toEqual([
      { day: "2026-12-01", solved: 1, cumulative: 1 },
      { day: "2026-12-02", solved: 1, cumulative: 2 },
      { day: "2026-12-03", solved: 0, cumulative: 2 },
      { day: "2026-12-04", solved: 1, cumulative: 3 },
    ]);
    expect(solvedPerDay([], "UTC")).toEqual([]);
  });
});
