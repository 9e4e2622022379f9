import Link from "next/link";
import { getTranslations } from "next-intl/server";

// Under every prompt: the course's glossary (Korean ⇄ English ⇄ symbol), in a new tab so the
// student's draft stays where it is.
export async function GlossaryLink() {
  const t = await getTranslations("content");
  return (
    <p className="cr-result-meta">
      <Link href="/glossary" target="_blank" data-testid="glossary-link">
        {t("glossaryLink")}
      </Link>
    </p>
  );
}
