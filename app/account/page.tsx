import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requirePageUser } from "@/lib/auth/session";
import { ChangePasswordForm } from "./account-forms";
import { changePasswordAction, signOutEverywhereAction } from "./actions";
import { NameForm } from "./name-form";
import { changeNameAction } from "./name-actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account"))("metaTitle") };
}

export default async function AccountPage() {
  const viewer = await requirePageUser("/account");
  const t = await getTranslations("account");
  return (
    <div className="stack">
      <h1>{t("title")}</h1>
      <p className="muted">{t.rich("signedInAs", { email: viewer.email, role: t("role", { role: viewer.role }), strong: (chunks) => <strong>{chunks}</strong> })}</p>
      <section className="card stack">
        <NameForm name={viewer.name} action={changeNameAction} />
      </section>
      <section className="card stack">
        <ChangePasswordForm action={changePasswordAction} />
      </section>
      <section className="card stack" aria-labelledby="sessions">
        <h2 id="sessions">{t("sessions")}</h2>
        <p className="muted">{t("sessionsText")}</p>
        <form action={signOutEverywhereAction}>
          <button type="submit" className="button button--secondary">
            {t("signOutEverywhere")}
          </button>
        </form>
      </section>
    </div>
  );
}
