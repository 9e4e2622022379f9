import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { forbiddenOnAccessError, requirePageInstructor } from "@/lib/auth/session";
import { getAuthoringItem } from "@/lib/data/authoring";
import { listCourseItems } from "@/lib/data/courses-admin";
import { AuthoringEditor } from "@/components/instructor/authoring-editor";
import { authoringTypeLibs } from "@/lib/exercises/type-libs";
import { RegradePanel } from "@/components/instructor/regrade-panel";
import { formatTime } from "@/lib/i18n/format";
import { parseLocale } from "@/lib/i18n/locales";
import { viewerTimeZone } from "@/lib/i18n/time-zone";
import { previewDraftAction, publishDraftAction, runDraftCodeAction, regradeApplyAction, regradeDryRunAction, setVisibilityAction, validateDraftAction } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("instructorItems"))("editMetaTitle") };
}

export default async function EditItemPage(props: { params: Promise<{ courseId: string; itemId: string }>; searchParams: Promise<{ published?: string }> }) {
  const { courseId, itemId } = await props.params;
  const { published } = await props.searchParams;
  const base = `/instructor/courses/${courseId}`;
  const viewer = await requirePageInstructor(`${base}/items/${itemId}`);
  const item = await forbiddenOnAccessError(getAuthoringItem(viewer, itemId));
  const { course } = await listCourseItems(viewer, item.courseId);
  const [t, common, locale] = await Promise.all([getTranslations("instructorItems"), getTranslations("instructor"), getLocale()]);
  return (
    <div className="stack">
      <p className="muted">
        <Link href="/instructor">{common("title")}</Link> / <Link href={base}>{course.title}</Link> / <Link href={`${base}/items`}>{t("crumb")}</Link> / {item.slug}
      </p>
      <h1>
        {t.rich("edit", { slug: item.slug, code: (chunks) => <code>{chunks}</code> })} {item.hidden && <span className="badge">{t("hidden")}</span>}
      </h1>
      <p>
        <a className="button button--small button--secondary" href={`/api/instructor/items/${item.exerciseId}/export`} download>
          {t("export")}
        </a>
      </p>
      <AuthoringEditor
        courseId={item.courseId}
        exerciseId={item.exerciseId}
        initialSlug={item.slug}
        initialFiles={item.files}
        validate={validateDraftAction}
        publish={publishDraftAction}
        preview={previewDraftAction}
        runCode={runDraftCodeAction}
        typeLibs={authoringTypeLibs()}
        itemHrefBase={`${base}/items/`}
        hidden={item.hidden}
        justPublished={published === "1"}
        setVisibility={setVisibilityAction}
      />
      {item.exerciseId && <RegradePanel exerciseId={item.exerciseId} dryRun={regradeDryRunAction} apply={regradeApplyAction} />}
      <section className="card" aria-labelledby="versions-title">
        <h2 id="versions-title">{t("versions")}</h2>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("vCol.version")}</th>
              <th scope="col">{t("vCol.published")}</th>
              <th scope="col">{t("vCol.tied")}</th>
            </tr>
          </thead>
          <tbody>
            {item.versions.map((v) => (
              <tr key={v.id}>
                <td>
                  <code>{v.contentHash.slice(0, 12)}</code> {v.current && <span className="badge">{t("current")}</span>}
                </td>
                <td>{formatTime(v.createdAt, { zone: viewerTimeZone(viewer), locale: parseLocale(locale) ?? "en", style: "short" })}</td>
                <td>{v.submissions}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
