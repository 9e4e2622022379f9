"use client";

import { useLocale, useTranslations } from "next-intl";
import { useTimeZone } from "@/components/time-zone";
import { formatTime } from "@/lib/i18n/format";
import { parseLocale } from "@/lib/i18n/locales";

// An instant in the viewer's time zone with the zone named (decision 127), inside a sentence of a
// client or server component. Where the course keeps another zone, hovering shows the time there.

export function LocalTime({ iso, courseZone }: { iso: string; courseZone?: string }) {
  const t = useTranslations("courseView");
  const locale = parseLocale(useLocale()) ?? "en";
  const zone = useTimeZone(courseZone);
  const text = formatTime(iso, { zone, locale });
  const title = courseZone && courseZone !== zone ? t("courseZoneTitle", { time: formatTime(iso, { zone: courseZone, locale }) }) : undefined;
  return (
    <time dateTime={iso} title={title}>
      {text}
    </time>
  );
}
