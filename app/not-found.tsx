import Link from "next/link";
import { getTranslations } from "next-intl/server";

export default async function NotFound() {
  const t = await getTranslations("status");
  return (
    <div className="status-page">
      <h1>{t("notFoundTitle")}</h1>
      <p className="muted">{t("notFoundText")}</p>
      <Link href="/">{t("goHome")}</Link>
    </div>
  );
}
