import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { forbiddenOnAccessError, requirePageInstructor } from "@/lib/auth/session";
import { listCourseItems } from "@/lib/data/courses-admin";
import { ImportForm } from "@/components/instructor/import-form";
import { importArchiveAction, moveItemAction, previewDraftAction, publishDraftAction, setHiddenAction, validateDraftAction } from "./actions";
import { readingViewer } from "@/lib/i18n/reading-viewer";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("instructorItems"))("metaTitle") };
}

export default async function ItemsPage(props: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await props.params;
  const base = `/instructor/courses/${courseId}`;
  const viewer = await readingViewer(await requirePageInstructor(`${base}/items`));
  const { course, items } = await forbiddenOnAccessError(listCourseItems(viewer, courseId));
  const [t, common] = await Promise.all([getTranslations("instructorItems"), getTranslations("instructor")]);
  return (
    <div className="stack">
      <p className="muted">
        <Link href="/instructor">{common("title")}</Link> / <Link href={base}>{course.title}</Link> / {t("crumb")}
      </p>
      <h1>{t("title", { title: course.title })}</h1>
      <p>
        <Link className="button" href={`${base}/items/new`}>
          {t("newCode")}
        </Link>{" "}
        <Link className="button button--secondary" href={`${base}/items/new?kind=numeric`}>
          {t("newQuiz")}
        </Link>
      </p>
      <table className="table" data-testid="items-table">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t("col.item")}</th>
            <th scope="col">{t("col.kind")}</th>
            <th scope="col">{t("col.points")}</th>
            <th scope="col">{t("col.versions")}</th>
            <th scope="col">{t("col.visibility")}</th>
            <th scope="col">{t("col.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((it, i) => (
            <tr key={it.id}>
              <td>{i + 1}</td>
              <td>
                <Link href={`${base}/items/${it.id}`}>{it.title}</Link>
                <div className="muted">
                  <code>{it.slug}</code> · {it.source}
                </div>
              </td>
              <td>{it.kind}</td>
              <td>{it.points}</td>
              <td>{it.versions}</td>
              <td>
                <form action={setHiddenAction}>
                  <input type="hidden" name="courseId" value={courseId} />
                  <input type="hidden" name="exerciseId" value={it.id} />
                  <input type="hidden" name="hidden" value={it.hidden ? "false" : "true"} />
                  {/* The state, then the action: one label saying both ("Visible · hide") read as either. */}
                  <span className={it.hidden ? "badge" : "badge badge--ok"} data-testid="visibility-state">
                    {t("visibilityState", { hidden: String(it.hidden) })}
                  </span>{" "}
                  <button className="button button--small button--secondary" type="submit" aria-label={t("toggleLabel", { hidden: String(it.hidden), slug: it.slug })}>
                    {t("visibilityAction", { hidden: String(it.hidden) })}
                  </button>
                </form>
              </td>
              <td style={{ whiteSpace: "nowrap" }}>
                {(["up", "down"] as const).map((direction) => (
                  <form key={direction} action={moveItemAction} style={{ display: "inline" }}>
                    <input type="hidden" name="courseId" value={courseId} />
                    <input type="hidden" name="exerciseId" value={it.id} />
                    <input type="hidden" name="direction" value={direction} />
                    <button
                      className="button button--small button--secondary"
                      type="submit"
                      disabled={direction === "up" ? i === 0 : i === items.length - 1}
                      aria-label={t("move", { slug: it.slug, direction })}
                    >
                      {direction === "up" ? "↑" : "↓"}
                    </button>
                  </form>
                ))}{" "}
                <a className="button button--small button--secondary" href={`/api/instructor/items/${it.id}/export`} download>
                  {t("export")}
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <section className="card stack" aria-labelledby="import-title">
        <h2 id="import-title">{t("importTitle")}</h2>
        <ImportForm
          courseId={courseId}
          importArchive={importArchiveAction}
          validate={validateDraftAction}
          publish={publishDraftAction}
          preview={previewDraftAction}
          itemHrefBase={`${base}/items/`}
        />
      </section>
    </div>
  );
}
