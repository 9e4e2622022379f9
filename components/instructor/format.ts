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

/** CSS class of a best-score cell: five colour bands plus "solved". */
export function scoreBand(score: number): string {
  if (score >= 1 - 1e-9) return "gb-s5";
  return `gb-s${Math.min(4, Math.floor(score * 5))}`;
}
