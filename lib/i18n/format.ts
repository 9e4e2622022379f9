import type { Locale } from "./locales";

// Dates, times and numbers in the reader's conventions. Every instant the interface shows goes
// through formatTime (decision 127): in the zone it is given (the viewer's: lib/i18n/time-zone.ts),
// in the reader's language, with the zone named. Numbers: next-intl's useFormatter() (client) or
// getFormatter() (server); intlLocale is for code that calls Intl directly.

/** The Intl tag of each language: English keeps the day-month order the app always used. */
const INTL_TAGS: Record<Locale, string> = { en: "en-GB", ko: "ko-KR" };

export function intlLocale(locale: Locale): string {
  return INTL_TAGS[locale];
}

/**
 * - long: "Thu, 10 Dec 2026, 23:59" (deadlines, expiry times: a sentence's time)
 * - short: "10 Dec 2026, 23:59" (a table's cell, a history line)
 * - date: "10 Dec 2026" (a day: enrolment)
 * - precise: "10 Dec 2026, 23:59:07" (a history of submissions, seconds apart)
 * - date: "10 Dec 2026" (a day: enrolment)
 * - time: "23:59" (today's events, next to a full date shown elsewhere)
 */
export type TimeStyle = "long" | "short" | "precise" | "date" | "time";

const STYLES: Record<TimeStyle, Intl.DateTimeFormatOptions> = {
  long: { weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
  short: { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
  precise: { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" },
  date: { day: "numeric", month: "short", year: "numeric" },
  time: { hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
};

export interface TimeFormat {
  /** An IANA zone, already resolved (viewerTimeZone / resolveTimeZone). */
  zone: string;
  locale: Locale;
  style?: TimeStyle;
  /**
   * Whether the zone's name follows the time: "23:59 (Asia/Seoul)". Leave it on, except in a table
   * whose header names the zone once (timeZoneLabel), where it would repeat on every row.
   */
  named?: boolean;
}

// A formatter costs far more to build than to use (a gradebook formats thousands of cells).
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tag: string, zone: string, style: TimeStyle): Intl.DateTimeFormat {
  const key = `${tag}|${zone}|${style}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(tag, { ...STYLES[style], timeZone: zone });
    if (formatters.size > 500) formatters.clear();
    formatters.set(key, f);
  }
  return f;
}

/** An instant as the reader sees it in `zone`: "Thu, 10 Dec 2026, 23:59 (Europe/Berlin)". */
export function formatTime(instant: Date | number | string, { zone, locale, style = "long", named = true }: TimeFormat): string {
  const at = typeof instant === "string" ? Date.parse(instant) : instant;
  const text = formatter(intlLocale(locale), zone, style).format(at);
  return named ? `${text} ${timeZoneLabel(zone)}` : text;
}

/** How a zone is named after a time or in a table's header: "(Asia/Seoul)". */
export function timeZoneLabel(zone: string): string {
  return `(${zone})`;
}
