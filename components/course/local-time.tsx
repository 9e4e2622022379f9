"use client";

import { useSyncExternalStore } from "react";
import { formatInZone } from "@/lib/assignments/time-zone";

// An instant in the viewer's own time zone. The server renders it in the course's zone (it cannot
// know the viewer's); the browser then shows its own zone, with the zone's name, so "23:59" is
// never ambiguous. No effect and no hydration mismatch: React renders the server snapshot while
// hydrating and the browser's right after.

const noSubscription = () => () => undefined;
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

export function LocalTime({ iso, fallbackZone }: { iso: string; fallbackZone: string }) {
  const zone = useSyncExternalStore(noSubscription, browserZone, () => null) ?? fallbackZone;
  return (
    <time dateTime={iso} title={`${formatInZone(Date.parse(iso), fallbackZone)} in the course's time zone`}>
      {formatInZone(Date.parse(iso), zone)}
    </time>
  );
}
