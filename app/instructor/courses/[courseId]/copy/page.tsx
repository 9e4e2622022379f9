import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { forbiddenOnAccessError, requirePageInstructor } from "@/lib/auth/session";
import { getCopySource } from "@/lib/data/course-copy";
import { formatTime } from "@/lib/i18n/format";
import { parseLocale } from "@/lib/i18n/locales";
import { viewerTimeZone } from "@/lib/i18n/time-zone";
import { readingViewer } from "@/lib/i18n/reading-viewer";
import { CopyCourseForm } from "@/components/instructor/copy-course-form";
import { copyCourseAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("courseCopy"))("metaTitle") };
}

export default async function CopyCoursePage(props: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await props.params;
  const base = `/instructor/courses/${courseId}`;
  const viewer = await readingViewer(await requirePageInstructor(`${base}/copy`));
  const source = await forbiddenOnAccessError(getCopySource(viewer, courseId));
  const [t, common, locale] = await Promise.all([getTranslations("courseCopy"), getTranslations("instructor"), getLocale()]);
  // Shown on the reader's clock, named (decision 127); a shift keeps the course zone's wall time.
  const at = (d: Date) => formatTime(d, { zone: viewerTimeZone(viewer, source.timeZone), locale: parseLocale(locale) ?? "en" });
  return (
    <div className="stack">
      <p className="muted">
        <Link href="/instructor">{common("title")}</Link> / <Link href={base}>{source.course.title}</Link> / {t("crumb")}
      </p>
      <h1>{t("title", { title: source.course.title })}</h1>
      <p>{t("intro")}</p>
      <p className="muted" data-testid="copy-summary">
        {t("summary", { items: source.itemCount, assignments: source.assignments.length, zone: source.timeZone })}
      </p>
      {source.assignments.length > 0 && (
        <section className="stack" aria-labelledby="copy-dates">
          <h2 id="copy-dates">{t("assignmentsHeading")}</h2>
          <div style={{ overflowX: "auto" }}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("colAssignment")}</th>
                  <th scope="col">{t("colRelease")}</th>
                  <th scope="col">{t("colDue")}</th>
                </tr>
              </thead>
              <tbody>
                {source.assignments.map((a) => (
                  <tr key={a.title}>
                    <td>{a.title}</td>
                    <td>{at(a.releaseAt)}</td>
                    <td>{at(a.dueAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      <CopyCourseForm action={copyCourseAction} courseId={source.course.id} suggestedTitle={source.suggestedTitle} suggestedSlug={source.suggestedSlug} />
      <p className="muted">{t("slugNote")}</p>
    </div>
  );
}
