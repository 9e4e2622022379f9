// Pure gradebook arithmetic: no database, no React. The data layer feeds it plain rows (one per
// graded attempt, or pre-aggregated cells) and renders what comes out, so every number on the
// dashboard and in the CSV is computed here, once, and unit-tested.
//
// Definitions (docs/decisions/032-gradebook-statistics-and-queries.md):
// - an *attempt* is a gradable graded submission / quiz answer (what Progress.attempts counts);
// - a cell is *solved* when its best score reaches 1 (SOLVED_AT, floating error aside);
// - *attempts to solve* = attempts up to and including the first solving attempt;
// - *time to first solve* = first solving attempt − first attempt of that student on that item;
// - *mean score* is over students who attempted the item; *% solved* is over every student
//   listed (enrolled), so an item nobody opens shows 0 % rather than disappearing.
// - these learning statistics read raw scores (what the grader gave); a student's *total* is
//   the credited score (after the late policy of the item's assignment, decision 080), which is
//   the grade. Mistakes and the other distributions live in analytics.ts.

export const SOLVED_AT = 1 - 1e-9;

export interface GradebookStudent {
  id: string;
  name: string | null;
  email: string;
}

export interface GradebookItem {
  id: string;
  slug: string;
  title: string;
  kind: string;
  points: number;
  hidden: boolean;
}

/** One gradable attempt. `at` in epoch ms. */
export interface AttemptEvent {
  userId: string;
  itemId: string;
  at: number;
  score: number;
}

/** What a student did on one item. */
export interface Cell {
  userId: string;
  itemId: string;
  /** Best raw score. */
  bestScore: number;
  /** Best score after the item's late policy (= bestScore when it has none or nothing was late). */
  creditedScore: number;
  attempts: number;
  firstAt: number;
  lastAt: number;
  /** Time of the first solving attempt, null if never solved. */
  solvedAt: number | null;
  /** Attempts up to and including the first solving one; null if never solved. */
  attemptsToSolve: number | null;
}

export interface HistogramBin {
  label: string;
  count: number;
}

export interface ItemStats {
  itemId: string;
  started: number;
  solved: number;
  /** Over students who attempted; null when nobody did. */
  meanScore: number | null;
  /** solved / all students, in [0, 1]; null when there are no students. */
  solvedRate: number | null;
  medianAttemptsToSolve: number | null;
  medianTimeToSolveMs: number | null;
  histogram: HistogramBin[];
}

export interface GradebookRow {
  student: GradebookStudent;
  /** Aligned with `items`; null = never attempted. */
  cells: (Cell | null)[];
  /** Σ creditedScore × points: the grade. */
  totalPoints: number;
  /** Σ bestScore × points. */
  rawPoints: number;
  solvedCount: number;
  lastActivity: number | null;
}

export interface Gradebook {
  items: GradebookItem[];
  rows: GradebookRow[];
  itemStats: ItemStats[];
  maxPoints: number;
}

/** What an attempt stored at `at` earns of its score (the late policy); absent: everything. */
export type CreditFactor = (userId: string, itemId: string, at: number) => number;

/** Folds attempts into one cell per (student, item). Order of input does not matter. */
export function cellsFromAttempts(attempts: readonly AttemptEvent[], credit?: CreditFactor): Cell[] {
  const sorted = [...attempts].sort((a, b) => a.at - b.at);
  const cells = new Map<string, Cell>();
  for (const a of sorted) {
    const key = `${a.userId}\0${a.itemId}`;
    let cell = cells.get(key);
    if (!cell) {
      cell = { userId: a.userId, itemId: a.itemId, bestScore: 0, creditedScore: 0, attempts: 0, firstAt: a.at, lastAt: a.at, solvedAt: null, attemptsToSolve: null };
      cells.set(key, cell);
    }
    cell.attempts++;
    cell.lastAt = a.at;
    cell.bestScore = Math.max(cell.bestScore, a.score);
    cell.creditedScore = Math.max(cell.creditedScore, credit ? a.score * credit(a.userId, a.itemId, a.at) : a.score);
    if (cell.solvedAt === null && a.score >= SOLVED_AT) {
      cell.solvedAt = a.at;
      cell.attemptsToSolve = cell.attempts;
    }
  }
  return [...cells.values()];
}

/** The median of a list (mean of the middle two for an even count); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const hi = s[mid] as number;
  return s.length % 2 === 1 ? hi : ((s[mid - 1] as number) + hi) / 2;
}

export const HISTOGRAM_LABELS = ["0–19 %", "20–39 %", "40–59 %", "60–79 %", "80–99 %", "100 %"] as const;

/** Best scores into five 20 % bins plus a bin of its own for full marks. */
export function scoreHistogram(scores: readonly number[]): HistogramBin[] {
  const counts = HISTOGRAM_LABELS.map(() => 0);
  for (const s of scores) {
    const bin = s >= SOLVED_AT ? 5 : Math.min(4, Math.max(0, Math.floor(s * 5)));
    counts[bin] = (counts[bin] ?? 0) + 1;
  }
  return HISTOGRAM_LABELS.map((label, i) => ({ label, count: counts[i] ?? 0 }));
}

export interface BuildGradebookInput {
  students: readonly GradebookStudent[];
  items: readonly GradebookItem[];
  cells: readonly Cell[];
}

/**
 * The sum of `values` added smallest first: floating-point addition depends on the order, and the
 * database's row order does not (it differs between SQLite and PostgreSQL, decision 057), so a
 * statistic must not depend on it either.
 */
function sumInOrder(values: number[]): number {
  return values.sort((a, b) => a - b).reduce((s, v) => s + v, 0);
}

export function buildGradebook(input: BuildGradebookInput): Gradebook {
  const { students, items } = input;
  const itemIndex = new Map(items.map((it, i) => [it.id, i]));
  const studentIndex = new Map(students.map((s, i) => [s.id, i]));
  const grid: (Cell | null)[][] = students.map(() => items.map(() => null));
  const byItem: Cell[][] = items.map(() => []);
  for (const cell of input.cells) {
    const si = studentIndex.get(cell.userId);
    const ii = itemIndex.get(cell.itemId);
    // Attempts by people no longer listed (unenrolled, instructors trying items) are not counted.
    if (si === undefined || ii === undefined) continue;
    const row = grid[si];
    if (row) row[ii] = cell;
    byItem[ii]?.push(cell);
  }

  const rows: GradebookRow[] = students.map((student, si) => {
    const cells = grid[si] ?? [];
    let totalPoints = 0;
    let rawPoints = 0;
    let solvedCount = 0;
    let lastActivity: number | null = null;
    cells.forEach((c, ii) => {
      if (!c) return;
      totalPoints += c.creditedScore * (items[ii]?.points ?? 0);
      rawPoints += c.bestScore * (items[ii]?.points ?? 0);
      if (c.bestScore >= SOLVED_AT) solvedCount++;
      lastActivity = lastActivity === null ? c.lastAt : Math.max(lastActivity, c.lastAt);
    });
    return { student, cells, totalPoints, rawPoints, solvedCount, lastActivity };
  });

  const itemStats: ItemStats[] = items.map((item, ii) => {
    const cells = byItem[ii] ?? [];
    const solvedCells = cells.filter((c) => c.bestScore >= SOLVED_AT);
    return {
      itemId: item.id,
      started: cells.length,
      solved: solvedCells.length,
      meanScore: cells.length === 0 ? null : sumInOrder(cells.map((c) => c.bestScore)) / cells.length,
      solvedRate: students.length === 0 ? null : solvedCells.length / students.length,
      medianAttemptsToSolve: median(solvedCells.flatMap((c) => (c.attemptsToSolve === null ? [] : [c.attemptsToSolve]))),
      medianTimeToSolveMs: median(solvedCells.flatMap((c) => (c.solvedAt === null ? [] : [c.solvedAt - c.firstAt]))),
      histogram: scoreHistogram(cells.map((c) => c.bestScore)),
    };
  });

  return { items: [...items], rows, itemStats, maxPoints: items.reduce((s, it) => s + it.points, 0) };
}

export type SortKey = "name" | "email" | "total" | "solved" | "last" | `item:${string}`;

/** Filters rows by a case-insensitive substring of name or email. */
export function filterRows(rows: readonly GradebookRow[], query: string): GradebookRow[] {
  const q = query.trim().toLowerCase();
  if (q === "") return [...rows];
  return rows.filter((r) => r.student.email.toLowerCase().includes(q) || (r.student.name ?? "").toLowerCase().includes(q));
}

/** Sorts rows; ties (and missing values, always last) fall back to email so the order is stable. */
export function sortRows(rows: readonly GradebookRow[], items: readonly GradebookItem[], key: SortKey, dir: "asc" | "desc"): GradebookRow[] {
  const sign = dir === "asc" ? 1 : -1;
  const itemPos = key.startsWith("item:") ? items.findIndex((it) => it.id === key.slice(5)) : -1;
  const value = (r: GradebookRow): string | number | null => {
    if (key === "name") return (r.student.name ?? "").toLocaleLowerCase() || null;
    if (key === "email") return r.student.email;
    if (key === "total") return r.totalPoints;
    if (key === "solved") return r.solvedCount;
    if (key === "last") return r.lastActivity;
    const c = itemPos >= 0 ? r.cells[itemPos] : undefined;
    return c ? c.bestScore : null;
  };
  return [...rows].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === null && vb !== null) return 1;
    if (vb === null && va !== null) return -1;
    if (va !== null && vb !== null && va !== vb) {
      const cmp = typeof va === "number" && typeof vb === "number" ? va - vb : String(va).localeCompare(String(vb));
      if (cmp !== 0) return sign * cmp;
    }
    return a.student.email.localeCompare(b.student.email);
  });
}
