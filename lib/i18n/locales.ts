import { z } from "zod";

// The interface's languages (issue 18). No "server-only": client components, pages/api, scripts
// and tests import it. Adding a language: README, "Adding a third language".

export const LOCALES = ["en", "ko"] as const;
export const localeSchema = z.enum(LOCALES);
export type Locale = z.infer<typeof localeSchema>;

/** The language of a visitor whose browser prefers none of ours. */
export const DEFAULT_LOCALE: Locale = "en";

/** The cookie that remembers the language chosen before (or without) signing in. */
export const LOCALE_COOKIE = "locale";

/** Each language's name in itself, for the switch in the header. */
export const LOCALE_NAMES: Record<Locale, string> = { en: "English", ko: "한국어" };

export function isLocale(value: unknown): value is Locale {
  return localeSchema.safeParse(value).success;
}

/** A stored or posted value as a locale; null for anything else (an old or forged cookie). */
export function parseLocale(value: unknown): Locale | null {
  const parsed = localeSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
