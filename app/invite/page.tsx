import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("invites"))("code.metaTitle") };
}

const searchSchema = z.object({ code: z.string().trim().max(200).optional().catch(undefined) });

// An invitation given as a code (read aloud, pasted from a chat): the same as opening its link.
export default async function InvitationCodePage(props: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { code } = searchSchema.parse(await props.searchParams);
  if (code) redirect(`/invite/${encodeURIComponent(code)}`);
  const t = await getTranslations("invites");
  return (
    <div className="card auth-card stack">
      <h1>{t("code.title")}</h1>
      <form method="get" action="/invite" className="form">
        <div className="field">
          <label htmlFor="invite-code">{t("code.label")}</label>
          <input id="invite-code" name="code" type="text" required autoComplete="off" spellCheck={false} />
          <p className="field__hint">{t("code.hint")}</p>
        </div>
        <button type="submit" className="button">
          {t("code.submit")}
        </button>
      </form>
    </div>
  );
}
