"use server";

import { cookies } from "next/headers";
import { getViewerUncached } from "@/lib/auth/session";
import { formText } from "@/lib/auth/form-text";
import { setOwnLocale } from "@/lib/data/users";
import { LOCALE_COOKIE, parseLocale } from "@/lib/i18n/locales";
import { LOCALE_COOKIE_OPTIONS } from "@/lib/i18n/server";

/**
 * The header's language switch. The cookie remembers the choice in this browser (also signed out);
 * a signed-in user's row remembers it everywhere. Setting a cookie makes Next re-render the page
 * in the same response, so it changes at once. The uncached viewer keeps the per-request cache of
 * getViewer (which the re-render reads) from holding the old language.
 */
export async function setLocaleAction(form: FormData): Promise<void> {
  const locale = parseLocale(formText(form, "locale"));
  if (locale === null) return;
  const viewer = await getViewerUncached();
  if (viewer) await setOwnLocale(viewer, locale);
  (await cookies()).set(LOCALE_COOKIE, locale, LOCALE_COOKIE_OPTIONS);
}
