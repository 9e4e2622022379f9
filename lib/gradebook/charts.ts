import type { Locale } from "@/lib/i18n/locales";
import { translatorFor } from "@/lib/i18n/translate";
import type { DayCount, ItemAnalytics } from "./analytics";
import type { Gradebook } from "./stats";

// The data of every dashboard chart as a table: the accessible table under each chart and its CSV
// download are the same rows, built once here from the gradebook and its analytics. Titles and
// column names in the reader's language (messages/<locale>/instructorCharts.json; default English).

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

const chartText = (locale: Locale) => translatorFor(locale, "instructorCharts");

export function progressTable(book: ChartSource, locale: Locale = "en"): ChartTable {
  const t = chartText(locale);
  return {
    title: t("progress.title"),
    description: t("progress.description", { zone: book.timeZone }),
    columns: [t("progress.day"), t("progress.solvedDay"), t("progress.solvedAll")],
    rows: book.analytics.solvedPerDay.map((d) => [d.day, d.solved, d.cumulative]),
  };
}

/** Students by credited total (best first) × items: credited score in %, empty when not started. */
export function heatmapTable(book: ChartSource, locale: Locale = "en"): ChartTable {
  const t = chartText(locale);
  const rows = [...book.rows].sort((a, b) => b.totalPoints - a.totalPoints || a.student.email.localeCompare(b.student.email));
  return {
    title: t("heatmap.title"),
    description: t("heatmap.description"),
    columns: [t("heatmap.email"), ...book.items.map((i) => i.slug), t("heatmap.total")],
    rows: rows.map((r) => [r.student.email, ...r.cells.map((c) => (c ? pct(c.creditedScore) : "")), Math.round(r.totalPoints * 100) / 100]),
  };
}

export function itemTable(book: ChartSource, kind: (typeof ITEM_CHARTS)[number], itemIndex: number, locale: Locale = "en"): ChartTable | null {
  const t = chartText(locale);
  const item = book.items[itemIndex];
  const stats = book.itemStats[itemIndex];
  const a = book.analytics.items[itemIndex];
  if (!item || !stats || !a) return null;
  switch (kind) {
    case "scores":
      return { title: t("scores.title", { item: item.title }), description: t("scores.description"), columns: [t("scores.score"), t("scores.students")], rows: stats.histogram.map((b) => [b.label, b.count]) };
    case "attempts":
      return { title: t("attempts.title", { item: item.title }), description: t("attempts.description"), columns: [t("attempts.attempts"), t("attempts.students")], rows: a.attemptsToSolve.map((b) => [b.label, b.count]) };
    case "time":
      return { title: t("time.title", { item: item.title }), description: t("time.description"), columns: [t("time.time"), t("time.students")], rows: a.timeToSolve.map((b) => [b.label, b.count]) };
    case "mistakes":
      return {
        title: t("mistakes.title", { item: item.title }),
        description: a.diagnosis.share === null ? t("mistakes.noWrong") : t("mistakes.share", { pct: Math.round(a.diagnosis.share * 100), wrong: a.diagnosis.wrong }),
        columns: [t("mistakes.mistake"), t("mistakes.students"), t("mistakes.fixed"), t("mistakes.median"), t("mistakes.diagnosis")],
        rows: a.mistakes.map((m) => [m.id, m.students, m.fixed, m.medianFixMs === null ? "" : Math.round(m.medianFixMs / 60_000), m.message ?? ""]),
      };
  }
}

/** Any chart's table by kind (and item for the per-item charts); null when there is no such chart. */
export function chartTable(book: ChartSource, kind: ChartKind, itemId: string | null, locale: Locale = "en"): ChartTable | null {
  if (kind === "progress") return progressTable(book, locale);
  if (kind === "heatmap") return heatmapTable(book, locale);
  const index = book.items.findIndex((i) => i.id === itemId);
  return index < 0 ? null : itemTable(book, kind, index, locale);
}
