import { getTranslations } from "next-intl/server";

// Shown above an item some of whose text is not written in the reader's language yet: that text
// appears in the other language (issue 18), and the reader is told why.
export async function ContentFallbackNotice() {
  const t = await getTranslations("content");
  return (
    <p className="cr-alert" role="note" data-testid="content-fallback">
      {t("fallbackNotice")}
    </p>
  );
}
