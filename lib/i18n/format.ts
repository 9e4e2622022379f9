import type { Locale } from "./locales";

// Dates and numbers in the reader's conventions. Prefer next-intl's useFormatter() (client) or
// getFormatter() (server); these are for code that formats with Intl directly, such as
// formatInZone (lib/assignments/time-zone.ts), which takes a BCP 47 tag.

/** The Intl tag of each language: English keeps the day-month order the app always used. */
const INTL_TAGS: Record<Locale, string> = { en: "en-GB", ko: "ko-KR" };

export function intlLocale(locale: Locale): string {
  return INTL_TAGS[locale];
}
