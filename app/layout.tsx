import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import { TimeZoneProvider } from "@/components/time-zone";
import { getViewer } from "@/lib/auth/session";
import { takesCourses } from "@/lib/data/courses";
import { getBrowserTimeZone } from "@/lib/i18n/server";
import { LocaleSwitch } from "./_components/locale-switch";
import { SignOutButton } from "./_components/sign-out-button";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("common");
  return {
    title: { default: t("appName"), template: `%s · ${t("appName")}` },
    description: t("description"),
  };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [viewer, locale, t, common, zone] = await Promise.all([getViewer(), getLocale(), getTranslations("nav"), getTranslations("common"), getBrowserTimeZone()]);
  // "My progress" is a participant's page: an instructor who takes no course is not offered it.
  const participant = viewer ? await takesCourses(viewer) : false;
  return (
    <html lang={locale}>
      <body>
        {/* Client components get the request's language and every namespace's messages from here. */}
        <NextIntlClientProvider>
          <header className="site-header">
            <div className="site-header__inner">
              <Link href="/" className="brand">
                <span className="brand__mark">∂</span> {common("appName")}
              </Link>
              {viewer && (
                <nav className="site-nav" aria-label={t("main")}>
                  <Link href="/courses">{t("courses")}</Link>
                  {participant && <Link href="/progress">{t("progress")}</Link>}
                  {viewer.role === "instructor" && <Link href="/instructor">{t("instructor")}</Link>}
                </nav>
              )}
              <div className="site-header__user">
                <LocaleSwitch />
                {viewer ? (
                  <>
                    <Link href="/account" data-testid="user-email">
                      {viewer.email}
                    </Link>
                    <SignOutButton />
                  </>
                ) : (
                  <>
                    <Link href="/signin">{t("signIn")}</Link>
                    <Link href="/signup" className="button button--small">
                      {t("createAccount")}
                    </Link>
                  </>
                )}
              </div>
            </div>
          </header>
          {/* Client components show times in the zone the server rendered with (decision 127). */}
          <TimeZoneProvider zone={zone}>
            <main>{children}</main>
          </TimeZoneProvider>
          <footer className="site-footer">{common("footer")}</footer>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
