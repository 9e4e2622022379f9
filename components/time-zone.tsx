"use client";

import { useRouter } from "next/navigation";
import { createContext, useContext, useEffect, type ReactNode } from "react";
import { resolveTimeZone, TIME_ZONE_COOKIE, TIME_ZONE_COOKIE_MAX_AGE } from "@/lib/i18n/time-zone";

// The viewer's time zone on both sides (decision 127). The server renders every time in the zone
// of the `tz` cookie (else a named fallback); this provider hands the same zone to client
// components, so server and browser render the same text. When the cookie is missing or differs
// from the browser's zone (a first visit, a trip), it is written and the page re-rendered once.

const TimeZoneContext = createContext<string | null>(null);

function cookieValue(name: string): string | null {
  for (const part of document.cookie.split("; ")) {
    const eq = part.indexOf("=");
    if (part.slice(0, eq) === name) return part.slice(eq + 1);
  }
  return null;
}

/** `zone`: the browser's, as the server read it from the cookie; null until the browser has said it. */
export function TimeZoneProvider({ zone, children }: { zone: string | null; children: ReactNode }) {
  const router = useRouter();
  useEffect(() => {
    const browser = Intl.DateTimeFormat().resolvedOptions().timeZone;
    // Compared with the cookie, not with `zone`: a zone the server refuses is written once, not in a loop.
    if (!browser || cookieValue(TIME_ZONE_COOKIE) === browser) return;
    // IANA names are cookie-safe ([A-Za-z0-9_+-/]); the server validates what it reads anyway.
    document.cookie = `${TIME_ZONE_COOKIE}=${browser}; path=/; max-age=${TIME_ZONE_COOKIE_MAX_AGE}; samesite=lax`;
    router.refresh();
  }, [router]);
  return <TimeZoneContext value={zone}>{children}</TimeZoneContext>;
}

/**
 * The zone client components show times in: the browser's as the server read it, else
 * `fallback` (the course's), else UTC; the same resolution as the server's (resolveTimeZone).
 */
export function useTimeZone(fallback?: string | null): string {
  return resolveTimeZone(useContext(TimeZoneContext), fallback);
}
