// Wall-clock times in a named time zone, and back. Every time is stored as a UTC instant; a
// course has an IANA time zone in which an instructor's "due 2026-12-10 23:59" is meant, and each
// viewer sees instants in their own zone. Built on Intl only (Node and browsers ship the tz
// database), so no date library is needed for the one conversion that matters: wall time → UTC.
// Pure: no database, no React.

import { userText } from "@/lib/i18n/user-text";

export interface WallTime {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
}

const HOUR = 3_600_000;

/** Whether `name` is a time zone this runtime knows (IANA names such as Europe/Berlin, or UTC). */
export function isTimeZone(name: string): boolean {
  if (name.length === 0 || name.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    partsFormatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock time (to the second) that `instant` shows in `timeZone`. */
export function wallTimeAt(instant: number, timeZone: string): WallTime & { second: number } {
  const parts: Record<string, number> = {};
  for (const p of partsFormatter(timeZone).formatToParts(new Date(instant))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  return { year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0, hour: parts.hour ?? 0, minute: parts.minute ?? 0, second: parts.second ?? 0 };
}

/** How far `timeZone` is ahead of UTC at `instant`, in ms (Europe/Berlin in winter: +3 600 000). */
export function offsetAt(instant: number, timeZone: string): number {
  const w = wallTimeAt(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - (instant - (((instant % 1000) + 1000) % 1000));
}

function sameWall(a: WallTime, b: WallTime): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour && a.minute === b.minute;
}

export type ZonedResult = { ok: true; instant: Date } | { ok: false; reason: string };

/**
 * The UTC instant at which clocks in `timeZone` show `wall`. A time skipped by a change to summer
 * time does not exist there and is refused; a time that occurs twice (the hour repeated in autumn)
 * is the first of the two.
 */
export function instantOfWallTime(wall: WallTime, timeZone: string): ZonedResult {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  // Real zones change their offset at most once within a day: the offsets a day before and a day
  // after give every candidate.
  const candidates = [...new Set([asUtc - offsetAt(asUtc - 24 * HOUR, timeZone), asUtc - offsetAt(asUtc + 24 * HOUR, timeZone)])]
    .filter((t) => sameWall(wallTimeAt(t, timeZone), wall))
    .sort((a, b) => a - b);
  const first = candidates[0];
  if (first === undefined) return { ok: false, reason: userText("timeParse.skipped", { wall: formatWall(wall), zone: timeZone }) };
  return { ok: true, instant: new Date(first) };
}

export function formatWall(w: WallTime): string {
  const p = (n: number, l = 2) => String(n).padStart(l, "0");
  return `${p(w.year, 4)}-${p(w.month)}-${p(w.day)} ${p(w.hour)}:${p(w.minute)}`;
}

const WALL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/;
// What someone writes to name a zone or offset after a time: Z, +01:00, -0500, UTC, CET, GMT+1,
// Europe/Berlin, "(CET)"…
const ZONE_SUFFIX = /^(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}(?::?\d{2})?|\(?[A-Za-z][A-Za-z_/+-]*[A-Za-z0-9)]*\)?|[A-Za-z]{1,5}[+-]\d{1,2}(?::?\d{2})?)$/;

export type WallParse = { ok: true; wall: WallTime } | { ok: false; reason: string };

/**
 * A wall-clock time written as "YYYY-MM-DD HH:MM" (or the "YYYY-MM-DDTHH:MM" of a
 * datetime-local input), with no zone: the caller knows which zone it is meant in. A time that
 * names a zone or an offset is refused rather than guessed at, and so is a date that does not exist.
 */
export function parseWallTime(text: string): WallParse {
  const t = text.trim();
  const m = WALL_PATTERN.exec(t);
  if (!m) {
    const zoned = ZONE_SUFFIX.exec(t);
    if (zoned) return { ok: false, reason: userText("timeParse.zoned", { text: t, zone: zoned[2] ?? "" }) };
    return { ok: false, reason: userText("timeParse.notDateTime", { text: t }) };
  }
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  const probe = new Date(Date.UTC(year, month - 1, day, hour, minute));
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || probe.getUTCDate() !== day || probe.getUTCMonth() !== month - 1) {
    return { ok: false, reason: userText("timeParse.notExisting", { text: t }) };
  }
  return { ok: true, wall: { year, month, day, hour, minute } };
}

/** parseWallTime then instantOfWallTime: text in `timeZone` → UTC instant. */
export function parseZonedTime(text: string, timeZone: string): ZonedResult {
  const parsed = parseWallTime(text);
  if (!parsed.ok) return parsed;
  return instantOfWallTime(parsed.wall, timeZone);
}

/** "YYYY-MM-DDTHH:MM" of `instant` in `timeZone`: the value of a datetime-local input. */
export function dateTimeLocalValue(instant: Date | number, timeZone: string): string {
  return formatWall(wallTimeAt(typeof instant === "number" ? instant : instant.getTime(), timeZone)).replace(" ", "T");
}

/** The calendar day ("YYYY-MM-DD") of `instant` in `timeZone`. */
export function dayInZone(instant: number, timeZone: string): string {
  return formatWall(wallTimeAt(instant, timeZone)).slice(0, 10);
}
