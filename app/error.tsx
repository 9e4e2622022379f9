"use client";

import { useTranslations } from "next-intl";

// Unexpected errors only; expected ones (validation, 401/403) are handled where they happen.
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("status");
  return (
    <div className="status-page">
      <h1>{t("errorTitle")}</h1>
      <p className="muted">{t("errorText")}</p>
      <button type="button" className="button" onClick={reset}>
        {t("tryAgain")}
      </button>
    </div>
  );
}
