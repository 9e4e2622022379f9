import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { forbiddenOnAccessError, requirePageInstructor } from "@/lib/auth/session";
import { getPassbackStatus } from "@/lib/lti/outbox";
import { resendScoreAction, syncRosterAction } from "../../../lti/actions";
import { formatTime } from "@/lib/i18n/format";
import { readingViewer } from "@/lib/i18n/reading-viewer";
import { getRequestLocale } from "@/lib/i18n/server";
import { viewerTimeZone } from "@/lib/i18n/time-zone";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("instructorLti"))("passbackMetaTitle") };
}

const searchSchema = z.object({ saved: z.string().max(500).optional().catch(undefined), error: z.string().max(2000).optional().catch(undefined) });

// A course's LMS side: the LMS courses linked to it, their activities, roster sync, and each
// student's grade passback with a resend button (lib/lti/outbox.ts, lib/lti/nrps.ts).
export default async function CourseLtiPage(props: { params: Promise<{ courseId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { courseId } = await props.params;
  const search = searchSchema.parse(await props.searchParams);
  const base = `/instructor/courses/${courseId}`;
  const viewer = await readingViewer(await requirePageInstructor(`${base}/lti`));
  const status = await forbiddenOnAccessError(getPassbackStatus(viewer, courseId));
  const [t, common, locale] = await Promise.all([getTranslations("instructorLti"), getTranslations("instructor"), getRequestLocale()]);
  const zone = viewerTimeZone(viewer);
  const when = (d: Date | null) => (d ? formatTime(d, { zone, locale, style: "short" }) : "—");
  return (
    <div className="stack">
      <p className="muted">
        <Link href="/instructor">{common("title")}</Link> / <Link href={base}>{t("grades")}</Link> / {t("lms")}
      </p>
      <h1>{t("passbackTitle")}</h1>
      {search.saved && (
        <p role="status">
          <strong>{search.saved}</strong>
        </p>
      )}
      {search.error && (
        <p className="alert" role="alert">
          {search.error}
        </p>
      )}
      {status.contexts.length === 0 && <p className="muted">{t("noContexts")}</p>}
      {status.contexts.map((c) => (
        <section key={c.id} className="card stack">
          <h2>
            {c.title || t("lmsCourse")} <span className="muted">({c.platformName})</span>
          </h2>
          <p className="muted">
            {t("activities", {
              list:
                c.links.length === 0
                  ? t("noneYetLower")
                  : c.links
                      .map((l) => {
                        const title = l.title || l.itemTitle || t("untitled");
                        return l.lineItem ? title : t("noColumn", { title });
                      })
                      .join(" · "),
            })}
          </p>
          {c.membershipsUrl ? (
            <form action={syncRosterAction}>
              <input type="hidden" name="courseId" value={courseId} />
              <input type="hidden" name="contextId" value={c.id} />
              <button className="button button--small" type="submit">
                {t("syncRoster")}
              </button>{" "}
              <span className="muted">{t("lastSynced", { when: when(c.rosterSyncedAt) })}</span>
            </form>
          ) : (
            <p className="muted">{t("noRosterService")}</p>
          )}
        </section>
      ))}
      <h2>{t("perStudent")}</h2>
      <p className="muted">
        {t("counts", { delivered: status.counts.delivered, pending: status.counts.pending, failed: status.counts.failed })}
      </p>
      {status.rows.length === 0 ? (
        <p className="muted">{t("noRows")}</p>
      ) : (
        <table className="table" aria-label={t("perStudent")}>
          <thead>
            <tr>
              <th scope="col">{t("col.student")}</th>
              <th scope="col">{t("col.activity")}</th>
              <th scope="col">{t("col.status")}</th>
              <th scope="col">{t("col.sent")}</th>
              <th scope="col">{t("col.delivered")}</th>
              <th scope="col">{t("col.tries")}</th>
              <th scope="col">{t("col.lastError")}</th>
              <th scope="col"></th>
            </tr>
          </thead>
          <tbody>
            {status.rows.map((r) => (
              <tr key={`${r.linkId}-${r.userId}`} data-passback={r.status}>
                <td>{r.name ? `${r.name} <${r.email}>` : r.email}</td>
                <td>{r.linkTitle || r.itemTitle || t("wholeCourse")}</td>
                <td>{r.status}</td>
                <td>{r.deliveredScore ?? "—"}</td>
                <td>{when(r.deliveredAt)}</td>
                <td>
                  {r.attempts}
                  {r.nextAttemptAt ? t("next", { when: when(r.nextAttemptAt) }) : ""}
                </td>
                <td>{r.lastError ?? ""}</td>
                <td>
                  <form action={resendScoreAction}>
                    <input type="hidden" name="courseId" value={courseId} />
                    <input type="hidden" name="linkId" value={r.linkId} />
                    <input type="hidden" name="userId" value={r.userId} />
                    <button className="button button--small button--secondary" type="submit">
                      {t("resend")}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
