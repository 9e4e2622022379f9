import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { resetMailConfigured } from "@/lib/auth/reset-mail";
import { ForgotPasswordForm } from "@/components/accounts/forgot-password-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("passwordReset"))("forgot.metaTitle") };
}

// Without a mail server (the default) a reset link comes from a person: the student's instructor
// or a site administrator (decision 121). With SMTP_URL set, the link is mailed.
export default async function ForgotPasswordPage() {
  const t = await getTranslations("passwordReset");
  const mail = resetMailConfigured();
  return (
    <div className="card auth-card stack">
      <h1>{t("forgot.title")}</h1>
      {mail ? (
        <>
          <p>{t("forgot.mailIntro")}</p>
          <ForgotPasswordForm />
          <p className="muted">{t("forgot.mailFallback")}</p>
        </>
      ) : (
        <>
          <p>{t("forgot.noMailIntro")}</p>
          <ul>
            <li>{t("forgot.noMailStudents")}</li>
            <li>{t("forgot.noMailInstructors")}</li>
          </ul>
          <p className="muted">{t("forgot.noMailLink")}</p>
        </>
      )}
      <p>
        <Link href="/signin">{t("forgot.backToSignIn")}</Link>
      </p>
    </div>
  );
}
