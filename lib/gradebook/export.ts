import type { Locale } from "@/lib/i18n/locales";
import { translatorFor } from "@/lib/i18n/translate";
import { toCsv, type CsvValue } from "./csv";
import type { Gradebook } from "./stats";

// The two CSV exports of the grades dashboard. Scores are points earned (best score × points),
// rounded to 2 decimals, so the columns add up to the total a spreadsheet computes. Each item has
// two columns: the credited points (after its assignment's late policy: the grade) and the raw
// points (what the grader gave); they differ only where late work earned less. Headers are in the
// downloading instructor's language (messages/<locale>/instructorCsv.json); values are not
// (emails, titles, numbers, ISO times: what a spreadsheet reads).

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** One row per student, two columns per item (credited and raw points; empty = never attempted), totals. */
export function gradebookCsv(book: Gradebook, locale: Locale = "en"): string {
  const t = translatorFor(locale, "instructorCsv");
  const header = [
    t("email"),
    t("name"),
    ...book.items.flatMap((it) => [t("itemCredited", { title: it.title, slug: it.slug, points: round2(it.points) }), t("itemRaw", { title: it.title, slug: it.slug, points: round2(it.points) })]),
    t("totalCredited", { points: round2(book.maxPoints) }),
    t("totalRaw", { points: round2(book.maxPoints) }),
    t("solved"),
    t("lastActivity"),
  ];
  const rows = book.rows.map((r): CsvValue[] => [
    r.student.email,
    r.student.name ?? "",
    ...r.cells.flatMap((c, i) => {
      const points = book.items[i]?.points ?? 0;
      return c ? [round2(c.creditedScore * points), round2(c.bestScore * points)] : [null, null];
    }),
    round2(r.totalPoints),
    round2(r.rawPoints),
    r.solvedCount,
    r.lastActivity === null ? null : new Date(r.lastActivity),
  ]);
  return toCsv(header, rows);
}

export interface SubmissionCsvRow {
  email: string;
  name: string | null;
  itemSlug: string;
  itemTitle: string;
  kind: "code" | "quiz";
  at: Date;
  status: string;
  gradable: boolean | null;
  score: number | null;
  diagnosis: string | null;
  versionHash: string;
}

/** Every graded submission and quiz answer, one per row, oldest first. */
export function submissionsCsv(rows: readonly SubmissionCsvRow[], locale: Locale = "en"): string {
  const t = translatorFor(locale, "instructorCsv");
  const header = ["email", "name", "item", "itemTitle", "type", "submittedAt", "status", "gradable", "score", "diagnosis", "version"].map((key) => t(key));
  return toCsv(
    header,
    rows.map((r) => [
      r.email,
      r.name ?? "",
      r.itemSlug,
      r.itemTitle,
      r.kind,
      r.at,
      r.status,
      r.gradable,
      r.score === null ? null : round2(r.score),
      r.diagnosis,
      r.versionHash.slice(0, 12),
    ]),
  );
}
