import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getViewer } from "@/lib/auth/session";
import { joinCourseByCode } from "@/lib/data/enrollment";
import { actionTranslator } from "@/lib/http/action-result";
import { translateUserText } from "@/lib/i18n/user-text";
import { JoinForm } from "../../courses/join-form";
import "@/components/student-ui.css";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("courseAdmin"))("joinPage.metaTitle") };
}

// A course's join link (issue 21, decision 122). Opened by a signed-in person it joins the course
// and lands on it, as the code form would; signed out, it offers sign-in and sign-up, both of which
// come back here. A request from another site joins only as a top-level navigation (a link
// followed; Sec-Fetch-Dest "document"): an image or a frame of another site cannot enrol a visitor.
// This site's own client navigations (after sign-in) and browsers without these headers join. A replaced code
// or an archived course answers with a sentence saying so, and the code form.
export default async function JoinLinkPage(props: { params: Promise<{ code: string }> }) {
  const { code } = await props.params;
  const t = await getTranslations("courseAdmin");
  const here = `/join/${encodeURIComponent(code)}`;
  const viewer = await getViewer();
  if (!viewer) {
    const back = encodeURIComponent(here);
    return (
      <div className="card auth-card stack">
        <h1>{t("joinPage.title")}</h1>
        <p>{t("joinPage.signedOut")}</p>
        <p>
          <Link className="button" href={`/signup?callbackUrl=${back}`}>
            {t("joinPage.signUp")}
          </Link>{" "}
          <Link className="button button--secondary" href={`/signin?callbackUrl=${back}`}>
            {t("joinPage.signIn")}
          </Link>
        </p>
      </div>
    );
  }
  const h = await headers();
  const site = h.get("sec-fetch-site");
  if (site === "cross-site" && h.get("sec-fetch-dest") !== "document") {
    return <p className="muted">{t("joinPage.openInBrowser")}</p>;
  }
  const result = await joinCourseByCode(viewer, code, "link");
  if (result.ok) redirect(`/courses/${result.slug}`);
  const root = await actionTranslator();
  return (
    <div className="card auth-card stack">
      <h1>{t("joinPage.refusedTitle")}</h1>
      <p className="alert" role="alert" data-testid="join-refused">
        {translateUserText(result.message, root)}
      </p>
      <p className="muted">{t("joinPage.tryCode")}</p>
      <JoinForm />
    </div>
  );
}
