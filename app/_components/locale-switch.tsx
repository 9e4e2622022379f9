import { getLocale, getTranslations } from "next-intl/server";
import { LOCALE_NAMES, LOCALES } from "@/lib/i18n/locales";
import { setLocaleAction } from "./locale-actions";

/** One button per language; the current one is pressed. Works without JavaScript (a plain form post). */
export async function LocaleSwitch() {
  const [locale, t] = await Promise.all([getLocale(), getTranslations("nav")]);
  return (
    <form action={setLocaleAction} className="locale-switch" aria-label={t("language")} data-testid="locale-switch">
      {LOCALES.map((l) => (
        <button
          key={l}
          type="submit"
          name="locale"
          value={l}
          lang={l}
          className="locale-switch__option"
          aria-pressed={l === locale}
          title={t("switchTo", { language: LOCALE_NAMES[l] })}
        >
          {LOCALE_NAMES[l]}
        </button>
      ))}
    </form>
  );
}
