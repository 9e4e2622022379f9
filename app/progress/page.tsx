import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requirePageUser } from "@/lib/auth/session";
import { getMyProgress } from "@/lib/data/progress";
import { percent } from "@/components/format";
import { ProgressBar } from "../courses/progress-bar";
import "@/components/student-ui.css";
import { formatTime } from "@/lib/i18n/format";
import { readingViewer } from "@/lib/i18n/reading-viewer";
import { getRequestLocale } from "@/lib/i18n/server";
import { viewerTimeZone } from "@/lib/i18n/time-zone";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("progress"))("metaTitle") };
}

export default async function ProgressPage() {
  const viewer = await readingViewer(await requirePageUser("/progress"));
  const [{ courses, recent }, t, courseT, itemT, locale] = await Promise.all([
    getMyProgress(viewer),
    getTranslations("progress"),
    getTranslations("courses"),
    getTranslations("item"),
    getRequestLocale(),
  ]);
  const zone = viewerTimeZone(viewer);
  return (
    <div className="stack">
      <h1>{t("title")}</h1>
      {courses.length === 0 && <p className="muted">{t.rich("empty", { link: (chunks) => <Link href="/courses">{chunks}</Link> })}</p>}
      {courses.map((c) => (
        <section key={c.id} className="card stack" aria-labelledby={`course-${c.id}`}>
          <h2 id={`course-${c.id}`}>
            <Link href={`/courses/${c.slug}`}>{c.title}</Link>
          </h2>
          <ProgressBar solved={c.solved} total={c.total} label={courseT("progressLabel", { title: c.title })} />
          <p className="cr-result-meta">
            {t("summary", { earned: Math.round(c.earnedPoints * 10) / 10, total: c.totalPoints, attempts: c.items.reduce((s, i) => s + i.attempts, 0) })}
          </p>
          <table className="cr-outline" aria-label={t("itemsLabel", { title: c.title })}>
            <thead>
              <tr>
                <th scope="col">{t("item")}</th>
                <th scope="col">{t("status")}</th>
                <th scope="col" className="cr-num">
                  {t("best")}
                </th>
                <th scope="col" className="cr-num">
                  {t("attempts")}
                </th>
              </tr>
            </thead>
            <tbody>
              {c.items.map((i) => (
                <tr key={i.exerciseId}>
                  <td className="cr-outline__title">
                    <Link href={`/courses/${c.slug}/${i.slug}`}>{i.title}</Link>
                  </td>
                  <td>
                    <span className={`cr-status is-${i.status}`}>{itemT(i.status === "solved" ? "status.solved" : i.status === "attempted" ? "status.attempted" : "status.notStarted")}</span>
                  </td>
                  {/* data-label: a phone shows the rows as blocks without the header (student-ui.css). */}
                  <td className="cr-num" data-label={t("best")}>
                    {i.resultsHidden && i.attempts > 0 ? t("submitted") : i.attempts > 0 ? t("score", { pct: percent(i.bestScore) }) : "—"}
                  </td>
                  <td className="cr-num" data-label={t("attempts")}>
                    {i.attempts}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      {recent.length > 0 && (
        <section className="card" aria-labelledby="recent-heading">
          <h2 id="recent-heading">{t("recent")}</h2>
          <ul className="cr-tests">
            {recent.map((r, idx) => (
              <li key={idx}>
                <time dateTime={r.at.toISOString()}>{formatTime(r.at, { zone, locale, style: "short" })}</time>
                {" · "}
                <Link href={`/courses/${r.courseSlug}/${r.itemSlug}`}>{r.itemTitle}</Link>
                {" · "}
                {r.gradable === false ? t("notGraded") : r.withheld ? t("submitted") : r.score === null ? t("pending") : t("score", { pct: percent(r.score) })}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
