import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getViewer } from "@/lib/auth/session";
import { describeInvitation } from "@/lib/data/invitations";
import { LocalTime } from "@/components/course/local-time";
import { AcceptInvitationForm } from "./accept-form";
import { acceptInvitationAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("invites"))("page.metaTitle") };
}

// An invitation link (decision 120). Opening it changes nothing: a signed-in visitor accepts with
// a button (a link preview or a prefetch must not spend it); a visitor without a session signs in
// or signs up and comes back here.
export default async function InvitationPage(props: { params: Promise<{ token: string }> }) {
  const { token } = await props.params;
  const t = await getTranslations("invites");
  const [invitation, viewer] = await Promise.all([describeInvitation(token), getViewer()]);
  if (invitation.status !== "open") {
    return (
      <div className="card auth-card stack">
        <h1>{t("page.refusedTitle")}</h1>
        <p className="alert" role="alert">
          {t(`refused.${invitation.status}`)}
        </p>
        <p className="muted">{t("page.askAgain")}</p>
      </div>
    );
  }
  const here = `/invite/${encodeURIComponent(token)}`;
  const back = encodeURIComponent(here);
  const inviter = invitation.invitedBy ?? t("page.someone");
  return (
    <div className="card auth-card stack">
      <h1>{t("page.title")}</h1>
      <p>{invitation.kind === "co-teacher" ? t("page.coTeacherInvite", { inviter, course: invitation.courseTitle ?? "" }) : t("page.instructorInvite", { inviter })}</p>
      <p className="muted">{t.rich("page.expires", { time: () => <LocalTime iso={invitation.expiresAt.toISOString()} /> })}</p>
      {viewer ? (
        <>
          <p>{t.rich("page.signedInAs", { email: viewer.email, strong: (chunks) => <strong>{chunks}</strong> })}</p>
          <AcceptInvitationForm token={token} action={acceptInvitationAction} />
          <p className="muted">{t("page.notYou")}</p>
        </>
      ) : (
        <>
          <p>{t("page.anonymousHint")}</p>
          <p>
            <Link className="button" href={`/signin?callbackUrl=${back}`}>
              {t("page.signIn")}
            </Link>{" "}
            <Link className="button button--secondary" href={`/signup?callbackUrl=${back}`}>
              {t("page.signUp")}
            </Link>
          </p>
        </>
      )}
    </div>
  );
}
