import type { Locale } from "./locales";

// next-intl's getLocale()/useLocale() answer our Locale type, not any string.
declare module "next-intl" {
  interface AppConfig {
    Locale: Locale;
  }
}
