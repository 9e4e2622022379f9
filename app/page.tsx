import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getViewer } from "@/lib/auth/session";
import { listCoursesForViewer } from "@/lib/data/courses";
import type { Viewer } from "@/lib/data/access";
import { readingViewer } from "@/lib/i18n/reading-viewer";
import { JoinForm } from "./courses/join-form";

export default async function HomePage() {
  const viewer = await getViewer();
  return viewer ? <Home viewer={viewer} /> : <Landing />;
}

async function Landing() {
  const t = await getTranslations("home");
  return (
    <>
      <section className="hero">
        <h1>{t("heroTitle")}</h1>
        <p>{t("heroText")}</p>
        <div className="hero__actions">
          <Link href="/signup" className="button">
            {t("createAccount")}
          </Link>
          <Link href="/signin" className="button button--secondary">
            {t("signIn")}
          </Link>
        </div>
      </section>
      <section className="features" aria-label={t("features")}>
        <div className="card">
          <h2>{t("codeTitle")}</h2>
          <p className="muted">{t("codeText")}</p>
        </div>
        <div className="card">
          <h2>{t("numbersTitle")}</h2>
          <p className="muted">{t("numbersText")}</p>
        </div>
        <div className="card">
          <h2>{t("feedbackTitle")}</h2>
          <p className="muted">{t("feedbackText")}</p>
        </div>
      </section>
    </>
  );
}

async function Home({ viewer }: { viewer: Viewer }) {
  const [courses, t, common, join] = await Promise.all([
    listCoursesForViewer(await readingViewer(viewer)),
    getTranslations("home"),
    getTranslations("common"),
    getTranslations("courses"),
  ]);
  return (
    <div className="stack">
      <h1>{viewer.name ? t("welcomeName", { name: viewer.name }) : t("welcome")}</h1>
      <h2>{t("yourCourses")}</h2>
      {courses.length === 0 ? (
        // The first screen after sign-up: joining a course is the one thing to do, so it is here.
        <section className="card" aria-labelledby="join-heading">
          <h2 id="join-heading">{join("joinTitle")}</h2>
          <p className="muted">{t("noCourses")}</p>
          <JoinForm autoFocus />
        </section>
      ) : (
        <ul className="card-list" aria-label={t("yourCourses")}>
          {courses.map((course) => (
            <li key={course.id}>
              <Link href={`/courses/${course.id}`} className="card card--link">
                <div className="card__title">{course.title}</div>
                <p className="muted">{course.description}</p>
                <span className="badge">{common("items", { count: course.itemCount })}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
