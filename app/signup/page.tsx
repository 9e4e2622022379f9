import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getViewer } from "@/lib/auth/session";
import { SignUpForm } from "./sign-up-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("auth"))("signUpMetaTitle") };
}

export default async function SignUpPage(props: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // Where to go once signed up (an invitation link's page, issue 21); checked by the form with safeReturnPath.
  const callback = (await props.searchParams).callbackUrl;
  const returnTo = typeof callback === "string" ? callback : undefined;
  if (await getViewer()) redirect("/");
  const t = await getTranslations("auth");
  return (
    <div className="card auth-card stack">
      <h1>{t("signUpTitle")}</h1>
      <SignUpForm returnTo={returnTo} />
      <p className="muted">{t.rich("haveAccount", { link: (chunks) => <Link href={returnTo ? `/signin?callbackUrl=${encodeURIComponent(returnTo)}` : "/signin"}>{chunks}</Link> })}</p>
    </div>
  );
}
