"use client";

import { useLocale, useTranslations } from "next-intl";
import { useSyncExternalStore } from "react";
import { formatInZone } from "@/lib/assignments/time-zone";
import { intlLocale } from "@/lib/i18n/format";
import { parseLocale } from "@/lib/i18n/locales";

// An instant in the viewer's own time zone. The server renders it in the course's zone (it cannot
// know the viewer's); the browser then shows its own zone, with the zone's name, so "23:59" is
// never ambiguous. No effect and no hydration mismatch: React renders the server snapshot while
// hydrating and the browser's right after.

const noSubscription = () => () => undefined;
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

export function LocalTime({ iso, fallbackZone }: { iso: string; fallbackZone: string }) {
  const t = useTranslations("courseView");
  // formatInZone, as the instructor's pages and lib/ messages write course times, in the page's
  // language (English keeps en-GB's day-month order: lib/i18n/format.ts).
  const tag = intlLocale(parseLocale(useLocale()) ?? "en");
  const zone = useSyncExternalStore(noSubscription, browserZone, () => null) ?? fallbackZone;
  const instant = Date.parse(iso);
  return (
    <time dateTime={iso} title={t("courseZoneTitle", { time: formatInZone(instant, fallbackZone, tag) })}>
      {formatInZone(instant, zone, tag)}
    </time>
  );
}
