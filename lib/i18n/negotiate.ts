import { DEFAULT_LOCALE, LOCALES, parseLocale, type Locale } from "./locales";

// Which of our languages a request is answered in: the signed-in user's choice, else the `locale`
// cookie, else the browser's Accept-Language. Pure, so pages/api, the App Router and tests share it.

interface Range {
  /** Primary language subtag, lower-case ("ko" of "ko-KR"); "*" for the wildcard. */
  language: string;
  q: number;
  /** Position in the header: equal weights keep the browser's order. */
  index: number;
}

function ranges(header: string): Range[] {
  const out: Range[] = [];
  header.split(",").forEach((part, index) => {
    const [tag = "", ...params] = part.trim().split(";");
    const language = tag.trim().toLowerCase().split("-")[0] ?? "";
    if (language === "") return;
    let q = 1;
    for (const param of params) {
      const [key, value] = param.split("=").map((s) => s.trim());
      if (key === "q" && value !== undefined) {
        const n = Number(value);
        q = Number.isFinite(n) && n >= 0 && n <= 1 ? n : 0;
      }
    }
    if (q > 0) out.push({ language, q, index });
  });
  return out.sort((a, b) => b.q - a.q || a.index - b.index);
}

/**
 * The language of our LOCALES that the browser prefers most; DEFAULT_LOCALE when it names none
 * (a wildcard or no header at all). "ko-KR,ko;q=0.9,en-US;q=0.8" → ko; "en-US,ko;q=0.5" → en.
 */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  for (const range of ranges(acceptLanguage)) {
    const locale = parseLocale(range.language);
    if (locale && (LOCALES as readonly string[]).includes(locale)) return locale;
  }
  return DEFAULT_LOCALE;
}

export interface LocaleSources {
  /** The signed-in user's stored language (User.locale), if any. */
  userLocale?: string | null;
  /** The `locale` cookie's value, if any. */
  cookie?: string | null;
  acceptLanguage?: string | null;
}

/** The request's language, from the most to the least deliberate choice. */
export function resolveLocale(sources: LocaleSources): Locale {
  return parseLocale(sources.userLocale) ?? parseLocale(sources.cookie) ?? negotiateLocale(sources.acceptLanguage);
}
