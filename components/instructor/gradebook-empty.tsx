import Link from "next/link";
import { useTranslations } from "next-intl";
import type { GradebookDto } from "@/lib/data/gradebook";
import { emptyKindOf } from "@/lib/gradebook/empty";

// What an empty grades dashboard says instead of an empty grid: which part is missing (items,
// students, submissions) and the next step, with a link to where it is taken.

export function GradebookEmptyState({ book, basePath }: { book: GradebookDto; basePath: string }) {
  const t = useTranslations("gradebookEmpty");
  const kind = emptyKindOf(book, book.students);
  if (kind === null) return null;
  const hidden = book.items.filter((i) => i.hidden).length;
  const courseHref = `/courses/${book.course.slug}`;
  const code = (chunks: React.ReactNode) => <code>{chunks}</code>;
  return (
    <section className="card stack" aria-labelledby="gradebook-empty-title" data-testid="gradebook-empty" data-kind={kind}>
      <h2 id="gradebook-empty-title">{t(`${kind}.title`)}</h2>
      <p>{t(`${kind}.why`)}</p>
      <ul>
        {kind === "items" && (
          <>
            <li>
              <Link href={`${basePath}/items/new`}>{t("items.create")}</Link>
            </li>
            <li>
              <Link href={`${basePath}/items`}>{t("items.import")}</Link>
            </li>
          </>
        )}
        {kind === "students" && (
          <>
            <li>{t.rich("students.share", { joinCode: book.course.joinCode, code })}</li>
            {hidden > 0 && (
              <li>
                <Link href={`${basePath}/items`}>{t("hiddenItems", { hidden, items: book.items.length })}</Link>
              </li>
            )}
            <li>
              <Link href={courseHref}>{t("preview")}</Link>
            </li>
          </>
        )}
        {kind === "submissions" && (
          <>
            {hidden > 0 && (
              <li>
                <Link href={`${basePath}/items`}>{t("hiddenItems", { hidden, items: book.items.length })}</Link>
              </li>
            )}
            <li>
              <Link href={`${basePath}/assignments`}>{t("submissions.assign")}</Link>
            </li>
            <li>
              <Link href={courseHref}>{t("preview")}</Link>
            </li>
          </>
        )}
      </ul>
    </section>
  );
}
