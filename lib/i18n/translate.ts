// use-intl/core (next-intl's own core, pinned alike): no React, so scripts that run with the
// react-server condition and pages/api can both load it.
import { createFormatter, createTranslator } from "use-intl/core";
import { DEFAULT_LOCALE, LOCALE_COOKIE, type Locale } from "./locales";
import { loadMessages } from "./messages";
import { resolveLocale } from "./negotiate";
import { translateUserText, type RootTranslator } from "./user-text";

// Translation outside an App Router render: pages/api handlers (no next/headers there, decision
// 047), the CSV exports, scripts. Same messages and ICU syntax as next-intl's hooks.

/** A translator of `locale` over every namespace ("ns.key") or, given `namespace`, over that one. */
export function translatorFor(locale: Locale, namespace?: string): RootTranslator {
  // Messages are read at run time, so keys are plain strings here (the key tests check them).
  const t = createTranslator<Record<string, unknown>, string>({ locale, messages: loadMessages(locale), namespace: namespace, timeZone: "UTC" });
  return (key, params) => t(key as never, params as never);
}

/** Dates and numbers in `locale`'s conventions (next-intl's formatter; pass timeZone for course times). */
export function formatterFor(locale: Locale, timeZone = "UTC") {
  return createFormatter({ locale, timeZone });
}

/** `text` (which may carry userText references from lib/) in `locale`. */
export function userTextIn(locale: Locale, text: string): string {
  return translateUserText(text, translatorFor(locale));
}

/** `text` in English: scripts and logs, whose reader is the operator. */
export function englishText(text: string): string {
  return userTextIn(DEFAULT_LOCALE, text);
}

/** What a Node request (pages/api) tells about its language. */
export interface NodeLocaleRequest {
  headers: { "accept-language"?: string | string[] | undefined };
  cookies: Partial<Record<string, string>>;
}

/** The language of a pages/api request: the user's (when the handler knows them), the cookie, the browser. */
export function localeOfNodeRequest(req: NodeLocaleRequest, userLocale?: string | null): Locale {
  const accept = req.headers["accept-language"];
  return resolveLocale({ userLocale, cookie: req.cookies[LOCALE_COOKIE], acceptLanguage: Array.isArray(accept) ? accept.join(",") : accept });
}
