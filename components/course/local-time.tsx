"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useSyncExternalStore } from "react";

// An instant in the viewer's own time zone. The server renders it in the course's zone (it cannot
// know the viewer's); the browser then shows its own zone, with the zone's name, so "23:59" is
// never ambiguous. No effect and no hydration mismatch: React renders the server snapshot while
// hydrating and the browser's right after.

const noSubscription = () => () => undefined;
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

// The same fields as lib/assignments/time-zone's formatInZone, in the page's language.
const FORMAT = { weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short" } as const;

export function LocalTime({ iso, fallbackZone }: { iso: string; fallbackZone: string }) {
  const t = useTranslations("courseView");
  const format = useFormatter();
  const zone = useSyncExternalStore(noSubscription, browserZone, () => null) ?? fallbackZone;
  const instant = new Date(iso);
  return (
    <time dateTime={iso} title={t("courseZoneTitle", { time: format.dateTime(instant, { ...FORMAT, timeZone: fallbackZone }) })}>
      {format.dateTime(instant, { ...FORMAT, timeZone: zone })}
    </time>
  );
}
