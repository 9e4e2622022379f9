import type { DayCount, ItemAnalytics } from "./analytics";
import type { Gradebook } from "./stats";

// The data of every dashboard chart as a table: the accessible table under each chart and its CSV
// download are the same rows, built once here from the gradebook and its analytics.

export interface ChartTable {
  title: string;
  description?: string;
  columns: string[];
  rows: (string | number)[][];
}

export const COURSE_CHARTS = ["progress", "heatmap"] as const;
export const ITEM_CHARTS = ["scores", "attempts", "time", "mistakes"] as const;
export type ChartKind = (typeof COURSE_CHARTS)[number] | (typeof ITEM_CHARTS)[number];

export interface ChartSource extends Gradebook {
  analytics: { items: ItemAnalytics[]; solvedPerDay: DayCount[] };
  timeZone: string;
}

const pct = (x: number | null) => (x === null ? "" : Math.round(x * 100));

export function progressTable(book: ChartSource): ChartTable {
  return {
    title: "Progress over time",
    description: `items solved per day (first solves, days in ${book.timeZone}), and the running total`,
    columns: ["Day", "Solved that day", "Solved in all"],
    rows: book.analytics.solvedPerDay.map((d) => [d.day, d.solved, d.cumulative]),
  };
}

/** Students by credited total (best first) × items: credited score in %, empty when not started. */
export function heatmapTable(book: ChartSource): ChartTable {
  const rows = [...book.rows].sort((a, b) => b.totalPoints - a.totalPoints || a.student.email.localeCompare(b.student.email));
  return {
    title: "Grades heat map",
    description: "students (best total first) × items, coloured by credited score",
    columns: ["Email", ...book.items.map((i) => i.slug), "Total"],
    rows: rows.map((r) => [r.student.email, ...r.cells.map((c) => (c ? pct(c.creditedScore) : "")), Math.round(r.totalPoints * 100) / 100]),
  };
}

export function itemTable(book: ChartSource, kind: (typeof ITEM_CHARTS)[number], itemIndex: number): ChartTable | null {
  const item = book.items[itemIndex];
  const stats = book.itemStats[itemIndex];
  const a = book.analytics.items[itemIndex];
  if (!item || !stats || !a) return null;
  switch (kind) {
    case "scores":
      return { title: `Best scores · ${item.title}`, description: "students by their best raw score", columns: ["Best score", "Students"], rows: stats.histogram.map((b) => [b.label, b.count]) };
    case "attempts":
      return { title: `Attempts to solve · ${item.title}`, description: "solvers by attempts up to their first full score", columns: ["Attempts", "Students"], rows: a.attemptsToSolve.map((b) => [b.label, b.count]) };
    case "time":
      return { title: `Time to solve · ${item.title}`, description: "solvers by time from their first attempt to their first full score", columns: ["Time", "Students"], rows: a.timeToSolve.map((b) => [b.label, b.count]) };
    case "mistakes":
      return {
        title: `Diagnosed mistakes · ${item.title}`,
        description:
          a.diagnosis.share === null
            ? "no wrong submissions yet"
            : `${Math.round(a.diagnosis.share * 100)} % of ${a.diagnosis.wrong} wrong submissions got a diagnosis`,
        columns: ["Mistake", "Students", "Fixed by", "Median time to fix (min)", "Diagnosis"],
        rows: a.mistakes.map((m) => [m.id, m.students, m.fixed, m.medianFixMs === null ? "" : Math.round(m.medianFixMs / 60_000), m.message ?? ""]),
      };
  }
}

/** Any chart's table by kind (and item for the per-item charts); null when there is no such chart. */
export function chartTable(book: ChartSource, kind: ChartKind, itemId: string | null): ChartTable | null {
  if (kind === "progress") return progressTable(book);
  if (kind === "heatmap") return heatmapTable(book);
  const index = book.items.findIndex((i) => i.id === itemId);
  return index < 0 ? null : itemTable(book, kind, index);
}
