import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requirePageUser } from "@/lib/auth/session";
import { getMyProgress } from "@/lib/data/progress";
import { JoinForm } from "./join-form";
import { ProgressBar } from "./progress-bar";
import "@/components/student-ui.css";
import { readingViewer } from "@/lib/i18n/reading-viewer";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("courses"))("metaTitle") };
}

export default async function CoursesPage() {
  const viewer = await readingViewer(await requirePageUser("/courses"));
  const [{ courses: all }, t, ca] = await Promise.all([getMyProgress(viewer), getTranslations("courses"), getTranslations("courseAdmin")]);
  // Archived courses stay readable (results, items) but leave the active list (decision 122).
  const courses = all.filter((c) => !c.archived);
  const archived = all.filter((c) => c.archived);
  return (
    <div className="stack">
      <h1>{t("title")}</h1>
      {courses.length === 0 ? (
        <p className="muted">{t("empty")}</p>
      ) : (
        <ul className="card-list" aria-label={t("title")}>
          {courses.map((c) => (
            <li key={c.id}>
              <Link href={`/courses/${c.slug}`} className="card card--link">
                <div className="card__title">{c.title}</div>
                <p className="muted">{c.description}</p>
                <ProgressBar solved={c.solved} total={c.total} label={t("progressLabel", { title: c.title })} />
              </Link>
            </li>
          ))}
        </ul>
      )}
      {archived.length > 0 && (
        <section className="stack" aria-labelledby="archived-heading">
          <h2 id="archived-heading">{ca("home.archivedHeading")}</h2>
          <p className="muted">{ca("home.archivedStudent")}</p>
          <ul className="card-list" aria-label={ca("home.archivedHeading")}>
            {archived.map((c) => (
              <li key={c.id}>
                <Link href={`/courses/${c.slug}`} className="card card--link">
                  <div className="card__title">{c.title}</div>
                  <ProgressBar solved={c.solved} total={c.total} label={t("progressLabel", { title: c.title })} />
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="card" aria-labelledby="join-heading">
        <h2 id="join-heading">{t("joinTitle")}</h2>
        <JoinForm autoFocus={courses.length === 0} />
      </section>
    </div>
  );
}
