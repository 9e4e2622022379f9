import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("lti"))("notReadyMetaTitle") };
}

// A learner launched from an LMS course no instructor has linked to a Chainrule course yet.
export default async function NotReadyPage() {
  const t = await getTranslations("lti");
  return (
    <div className="status-page">
      <h1>{t("notReadyTitle")}</h1>
      <p className="muted">{t("notReadyText")}</p>
    </div>
  );
}
