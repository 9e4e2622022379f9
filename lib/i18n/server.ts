import "server-only";
import { cache } from "react";
import { cookies, headers } from "next/headers";
import { getViewer } from "@/lib/auth/session";
import { LOCALE_COOKIE, type Locale } from "./locales";
import { resolveLocale } from "./negotiate";
import { parseTimeZone, resolveTimeZone, TIME_ZONE_COOKIE } from "./time-zone";

// The App Router side: the language of the request being rendered (pages, layouts, server actions,
// route handlers). lib/i18n/request.ts hands it to next-intl; code that needs a translator calls
// next-intl's getTranslations / getFormatter, which end up here.

/** The request's language: the signed-in user's, else the `locale` cookie, else Accept-Language. Cached per request. */
export const getRequestLocale = cache(async (): Promise<Locale> => {
  const [viewer, cookieStore, headerList] = await Promise.all([getViewer(), cookies(), headers()]);
  return resolveLocale({
    userLocale: viewer?.locale,
    cookie: cookieStore.get(LOCALE_COOKIE)?.value,
    acceptLanguage: headerList.get("accept-language"),
  });
});

/** The `locale` cookie's attributes: a year, the whole site, not for scripts. */
export const LOCALE_COOKIE_OPTIONS = { path: "/", maxAge: 60 * 60 * 24 * 365, sameSite: "lax", httpOnly: true } as const;

/**
 * The zone the request's reader sees times in (decision 127): the browser's, from the `tz` cookie,
 * else `fallback` (the course's zone where there is one), else UTC. For pages without a viewer
 * (invitation and reset links); the data layer reads the same cookie through the Viewer.
 */
export async function getRequestTimeZone(fallback?: string | null): Promise<string> {
  return resolveTimeZone(await getBrowserTimeZone(), fallback);
}

/** The browser's zone from the `tz` cookie, validated; null before the browser has said it (or when forged). */
export async function getBrowserTimeZone(): Promise<string | null> {
  return parseTimeZone((await cookies()).get(TIME_ZONE_COOKIE)?.value);
}
