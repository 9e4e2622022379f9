import type { Metadata } from "next";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requirePageInstructor } from "@/lib/auth/session";
import { INVITATION_DAYS, listInstructorInvitations } from "@/lib/data/invitations";
import { RESET_LINK_MINUTES } from "@/lib/data/password-resets";
import { isSiteAdminId } from "@/lib/data/site-admins";
import { InvitationForm } from "@/components/accounts/invitation-form";
import { AdminResetForm } from "@/components/accounts/reset-link-forms";
import { InvitationTable } from "../_components/invitation-table";
import { adminResetLinkAction, inviteInstructorAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("invites"))("admin.metaTitle") };
}

// Site administrators (decision 092) make instructors by invitation and issue password reset
// links for any account but another administrator's (decisions 120-121).
export default async function AccountsAdminPage() {
  const viewer = await requirePageInstructor("/instructor/accounts");
  if (!(await isSiteAdminId(viewer.id))) forbidden();
  const invitations = await listInstructorInvitations(viewer);
  const t = await getTranslations("invites");
  const r = await getTranslations("passwordReset");
  return (
    <div className="stack">
      <p className="muted">
        <Link href="/instructor">{t("people.breadcrumbInstructor")}</Link>
      </p>
      <h1>{t("admin.title")}</h1>
      <section className="card stack" aria-labelledby="make-instructor">
        <h2 id="make-instructor">{t("admin.instructorTitle")}</h2>
        <p className="muted">{t("admin.instructorHint", { days: INVITATION_DAYS })}</p>
        <InvitationForm heading={t("admin.instructorTitle")} action={inviteInstructorAction} />
        <h3>{t("list.title")}</h3>
        <InvitationTable rows={invitations} back="/instructor/accounts" label={t("list.title")} />
      </section>
      <section className="card stack" aria-labelledby="admin-reset">
        <h2 id="admin-reset">{r("issue.adminTitle")}</h2>
        <p className="muted">{r("issue.adminHint", { minutes: RESET_LINK_MINUTES })}</p>
        <AdminResetForm action={adminResetLinkAction} />
      </section>
    </div>
  );
}
