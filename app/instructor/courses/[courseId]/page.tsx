import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { forbiddenOnAccessError, requirePageInstructor } from "@/lib/auth/session";
import { getGradebook } from "@/lib/data/gradebook";
import type { SortKey } from "@/lib/gradebook/stats";
import { CourseCharts, GradebookLegend, GradebookMatrix, ItemStatsList } from "@/components/instructor/gradebook-view";
import { GradebookEmptyState } from "@/components/instructor/gradebook-empty";
import { readingViewer } from "@/lib/i18n/reading-viewer";
import { viewerTimeZone } from "@/lib/i18n/time-zone";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("instructor"))("gradesMetaTitle") };
}

const searchSchema = z.object({
  q: z.string().max(200).catch(""),
  sort: z
    .string()
    .regex(/^(name|email|total|solved|last|item:[\w-]{1,64})$/)
    .catch("name"),
  dir: z.enum(["asc", "desc"]).catch("asc"),
});

export default async function GradesPage(props: { params: Promise<{ courseId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { courseId } = await props.params;
  const raw = await props.searchParams;
  const search = searchSchema.parse({ q: raw.q ?? "", sort: raw.sort ?? "name", dir: raw.dir ?? "asc" });
  const base = `/instructor/courses/${courseId}`;
  const viewer = await readingViewer(await requirePageInstructor(base));
  const book = await forbiddenOnAccessError(getGradebook(viewer, courseId));
  const t = await getTranslations("instructor");
  const copy = await getTranslations("courseCopy");
  const settingsLabel = (await getTranslations("courseAdmin"))("home.settings");
  const chartHref = (chart: string, itemId?: string) => `/api/instructor/courses/${courseId}/charts/${chart}${itemId ? `?item=${encodeURIComponent(itemId)}` : ""}`;
  return (
    <div className="stack">
      <p className="muted">
        <Link href="/instructor">{t("title")}</Link> / {book.course.title}
      </p>
      <h1>{t("gradesTitle", { title: book.course.title })}</h1>
      <p className="muted">
        {t.rich("bookSummary", { students: book.students, items: book.items.length, joinCode: book.course.joinCode, code: (chunks) => <code>{chunks}</code> })}{" "}
        <Link href={`${base}/settings`}>{settingsLabel}</Link>
      </p>
      <div className="gb-toolbar">
        <form method="get" action={base} role="search">
          <label>
            {t("filterStudents")}
            <br />
            <input type="search" name="q" defaultValue={search.q} placeholder={t("filterPlaceholder")} />
          </label>
          <input type="hidden" name="sort" value={search.sort} />
          <input type="hidden" name="dir" value={search.dir} />
          <button className="button button--small" type="submit">
            {t("filter")}
          </button>
        </form>
        <a className="button button--small button--secondary" href={`/api/instructor/courses/${courseId}/gradebook-csv`} download>
          {t("gradebookCsv")}
        </a>
        <a className="button button--small button--secondary" href={`/api/instructor/courses/${courseId}/submissions-csv`} download>
          {t("submissionsCsv")}
        </a>
        <Link className="button button--small button--secondary" href={`${base}/items`}>
          {t("items")}
        </Link>
        <Link className="button button--small button--secondary" href={`${base}/assignments`}>
          {t("assignments")}
        </Link>
        <Link className="button button--small button--secondary" href={`${base}/copy`}>
          {copy("link")}
        </Link>
        {book.students > 0 && book.items.length > 0 && <GradebookLegend />}
      </div>
      <GradebookEmptyState book={book} basePath={base} />
      {book.students > 0 && book.items.length > 0 && (
        <>
          <GradebookMatrix book={book} basePath={base} query={search.q} sort={search.sort as SortKey} dir={search.dir} zone={viewerTimeZone(viewer, book.timeZone)} />
          <h2>{t("analytics")}</h2>
          <CourseCharts book={book} chartHref={chartHref} />
        </>
      )}
      {book.items.length > 0 && (
        <>
          <h2>{t("perItem")}</h2>
          <ItemStatsList book={book} chartHref={chartHref} itemHref={(itemId) => `${base}/items/${itemId}`} />
        </>
      )}
    </div>
  );
}
