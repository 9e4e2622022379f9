import Link from "next/link";
import { getTranslations } from "next-intl/server";

// Rendered with HTTP 403 by forbidden() (lib/auth/session.ts requirePageInstructor).
export default async function Forbidden() {
  const t = await getTranslations("status");
  return (
    <div className="status-page">
      <h1>{t("forbiddenTitle")}</h1>
      <p className="muted">{t("forbiddenText")}</p>
      <Link href="/">{t("backToCourses")}</Link>
    </div>
  );
}
