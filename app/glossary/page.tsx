import "katex/dist/katex.min.css";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { renderInlineMarkdown } from "@/components/render-markdown";
import { glossaryFor } from "@/lib/glossary";
import { getRequestLocale } from "@/lib/i18n/server";

// The course's glossary (issue 18): Korean ⇄ English ⇄ symbol, sorted in the reader's language.
// Public (no sign-in): the words of the Korean edition a student meets in every prompt.

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("glossary");
  return { title: t("title") };
}

export default async function GlossaryPage() {
  const locale = await getRequestLocale();
  const t = await getTranslations("glossary");
  const terms = glossaryFor(locale);
  return (
    <div className="stack">
      <h1>{t("title")}</h1>
      <p className="muted">{t("intro")}</p>
      <table className="table" data-testid="glossary">
        <thead>
          <tr>
            <th scope="col">{t("korean")}</th>
            <th scope="col">{t("english")}</th>
            <th scope="col">{t("symbol")}</th>
            <th scope="col">{t("meaning")}</th>
          </tr>
        </thead>
        <tbody>
          {terms.map((term) => (
            <tr key={term.id} id={term.id}>
              <td lang="ko">{term.ko}</td>
              <td lang="en">{term.en}</td>
              {/* Our own TeX, through the same renderer as prompts (KaTeX output only). */}
              <td dangerouslySetInnerHTML={{ __html: term.symbol === null ? "" : renderInlineMarkdown(term.symbol.startsWith("`") ? term.symbol : `$${term.symbol}$`) }} />
              <td>{term.note[locale]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
