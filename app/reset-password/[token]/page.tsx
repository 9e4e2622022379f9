import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { describeResetLink } from "@/lib/data/password-resets";
import { LocalTime } from "@/components/course/local-time";
import { ResetPasswordForm } from "@/components/accounts/reset-password-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("passwordReset"))("reset.metaTitle") };
}

// A password reset link (decision 121): a form for the new password, or why the link no longer
// works and what to do. Opening it spends nothing; the form's POST does.
export default async function ResetPasswordPage(props: { params: Promise<{ token: string }> }) {
  const { token } = await props.params;
  const t = await getTranslations("passwordReset");
  const link = await describeResetLink(token);
  if (link.status !== "open") {
    return (
      <div className="card auth-card stack">
        <h1>{t("reset.refusedTitle")}</h1>
        <p className="alert" role="alert">
          {t(`refused.${link.status}`)}
        </p>
        <p className="muted">{t.rich("reset.askAgain", { link: (chunks) => <Link href="/forgot-password">{chunks}</Link> })}</p>
      </div>
    );
  }
  return (
    <div className="card auth-card stack">
      <h1>{t("reset.title")}</h1>
      <p className="muted">
        {t.rich("reset.forAccount", { email: link.email, strong: (chunks) => <strong>{chunks}</strong>, time: () => <LocalTime iso={link.expiresAt.toISOString()} /> })}
      </p>
      <ResetPasswordForm token={token} />
    </div>
  );
}
