import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { getViewer } from "@/lib/auth/session";
import { SignInForm } from "./sign-in-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("auth"))("signInTitle") };
}

export default async function SignInPage(props: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await getViewer()) redirect("/");
  const t = await getTranslations("auth");
  // "Create an account" keeps where sign-in was to return (a join link): sign-up comes back there.
  const callback = (await props.searchParams).callbackUrl;
  const signUp = typeof callback === "string" && callback.startsWith("/") ? `/signup?callbackUrl=${encodeURIComponent(callback)}` : "/signup";
  return (
    <div className="card auth-card stack">
      <h1>{t("signInTitle")}</h1>
      {/* useSearchParams (callbackUrl) needs a Suspense boundary in a statically rendered tree. */}
      <Suspense>
        <SignInForm />
      </Suspense>
      <p className="muted">{t.rich("newHere", { link: (chunks) => <Link href={signUp}>{chunks}</Link> })}</p>
      <p className="muted">
        <Link href="/forgot-password">{(await getTranslations("passwordReset"))("forgot.link")}</Link>
      </p>
    </div>
  );
}
