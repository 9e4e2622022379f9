import { intlLocale } from "@/lib/i18n/format";
import type { Locale } from "@/lib/i18n/locales";

// Small formatters shared by the instructor views, in the reader's language (issue 18). Durations
// are worded by gradebook-view.tsx (next-intl); every date by formatTime (lib/i18n/format.ts). English keeps the forms
// the instructor pages always had ("42 %", "2026-12-05 09:30"), which its tests and CSVs read.

export function percent(x: number | null, digits = 0, locale: Locale = "en"): string {
  if (x === null) return "—";
  if (locale === "en") return `${(x * 100).toFixed(digits)} %`;
  return new Intl.NumberFormat(intlLocale(locale), { style: "percent", minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x);
}

/**
 * The grades matrix's colour bands, by the whole percent a cell shows: five bands plus "solved".
 * The legend is drawn from this list, so it names every band a cell can use.
 */
export const SCORE_BANDS = [
  { className: "gb-s0", from: 0, to: 19 },
  { className: "gb-s1", from: 20, to: 39 },
  { className: "gb-s2", from: 40, to: 59 },
  { className: "gb-s3", from: 60, to: 79 },
  { className: "gb-s4", from: 80, to: 99 },
  { className: "gb-s5", from: 100, to: 100 },
] as const;

/** The whole percent a cell shows: a partial score never rounds up to 100 (that is "solved"). */
export function cellPercent(score: number): number {
  const p = Math.round(score * 100);
  return p >= 100 && score < 1 - 1e-9 ? 99 : Math.max(0, Math.min(100, p));
}

/** CSS class of a best-score cell: the band of the percent it shows. */
export function scoreBand(score: number): string {
  const p = cellPercent(score);
  return SCORE_BANDS.find((b) => p >= b.from && p <= b.to)?.className ?? "gb-s0";
}
