import { z } from "zod";

// Whose clock a time is shown on (decision 127): the viewer's time zone, which the browser tells
// the server in the `tz` cookie (components/time-zone-cookie.tsx writes it from
// Intl.DateTimeFormat().resolvedOptions().timeZone); until it has, the course's zone, else UTC.
// The zone shown is always named, so a fallback is never mistaken for the reader's clock. Pure: no
// "server-only" (client components, pages/api, scripts and tests import it).

/** The cookie that carries the browser's IANA time zone. Not httpOnly: the browser writes it. */
export const TIME_ZONE_COOKIE = "tz";
/** A year, like the language cookie; rewritten whenever the browser's zone changes. */
export const TIME_ZONE_COOKIE_MAX_AGE = 60 * 60 * 24 * 365;

let known: ReadonlySet<string> | undefined;
/** Intl's list of zones (the runtime's tz database) and UTC, which Intl accepts but does not list. */
function knownZones(): ReadonlySet<string> {
  known ??= new Set([...Intl.supportedValuesOf("timeZone"), "UTC"]);
  return known;
}

/** The runtime's canonical name of `name` ("asia/seoul" → "Asia/Seoul"), or null when Intl refuses it. */
function canonicalZone(name: string): string | null {
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/**
 * An IANA time zone on Intl's list, as its canonical name. Anything else (an offset such as
 * "+09:00", a made-up or truncated name, an over-long cookie) is refused.
 */
export const timeZoneSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z][A-Za-z0-9_+\-/]*$/)
  .transform((name, ctx) => {
    const canonical = knownZones().has(name) ? name : canonicalZone(name);
    if (canonical === null || !knownZones().has(canonical)) {
      ctx.addIssue({ code: "custom", message: "not a known time zone" });
      return z.NEVER;
    }
    return canonical;
  });

/** A cookie's (or any untrusted) value as a time zone, or null. */
export function parseTimeZone(value: unknown): string | null {
  const parsed = timeZoneSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/**
 * The zone to show times in: the viewer's when known, else `fallback` (the course's zone where
 * there is a course), else UTC. `fallback` is validated too: a course's stored zone the runtime no
 * longer knows must not throw at render.
 */
export function resolveTimeZone(viewerZone: unknown, fallback?: string | null): string {
  return parseTimeZone(viewerZone) ?? parseTimeZone(fallback) ?? "UTC";
}

/** The zone of a viewer (lib/auth/session.ts reads it from the cookie into the Viewer), else `fallback`. */
export function viewerTimeZone(viewer: { timeZone?: string | null } | null | undefined, fallback?: string | null): string {
  return resolveTimeZone(viewer?.timeZone, fallback);
}
