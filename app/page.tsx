import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getViewer } from "@/lib/auth/session";
import { listCoursesForViewer, type CourseSummaryDto } from "@/lib/data/courses";
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
  const [courses, t, common, ca, join] = await Promise.all([
    listCoursesForViewer(await readingViewer(viewer)),
    getTranslations("home"),
    getTranslations("common"),
    getTranslations("courseAdmin"),
    getTranslations("courses"),
  ]);
  const active = courses.filter((c) => !c.archived);
  const archived = courses.filter((c) => c.archived);
  // An instructor's home: the courses they manage first, with their instructor pages; the courses
  // they take (if any) apart, as a student sees them (decision 122).
  const instructor = viewer.role === "instructor";
  const managed = active.filter((c) => c.staff);
  const taken = active.filter((c) => !c.staff);
  return (
    <div className="stack">
      <h1>{viewer.name ? t("welcomeName", { name: viewer.name }) : t("welcome")}</h1>
      <h2>{t("yourCourses")}</h2>
      {instructor ? (
        managed.length === 0 ? (
          <p className="muted">
            {ca("home.noManaged")} <Link href="/instructor">{ca("home.createOne")}</Link>
          </p>
        ) : (
          <ul className="card-list" aria-label={t("yourCourses")}>
            {managed.map((course) => (
              <li key={course.id} className="card stack" data-testid={`managed-${course.slug}`}>
                <div>
                  <div className="card__title">{course.title}</div>
                  <p className="muted">{course.description}</p>
                  <span className="badge">{common("items", { count: course.itemCount })}</span>
                </div>
                <p className="course-actions" aria-label={ca("home.manageNamed", { title: course.title })}>
                  <Link className="button button--small" href={`/instructor/courses/${course.id}`}>
                    {ca("home.grades")}
                  </Link>
                  <Link className="button button--small button--secondary" href={`/instructor/courses/${course.id}/items`}>
                    {ca("home.items")}
                  </Link>
                  <Link className="button button--small button--secondary" href={`/instructor/courses/${course.id}/settings`}>
                    {ca("home.settings")}
                  </Link>
                  <Link className="button button--small button--secondary" href={`/courses/${course.id}`}>
                    {ca("studentView")}
                  </Link>
                </p>
              </li>
            ))}
          </ul>
        )
      ) : taken.length === 0 ? (
        // The first screen after sign-up: joining a course is the one thing to do, so it is here.
        <section className="card" aria-labelledby="join-heading">
          <h2 id="join-heading">{join("joinTitle")}</h2>
          <p className="muted">{t("noCourses")}</p>
          <JoinForm autoFocus />
        </section>
      ) : (
        <CourseCards courses={taken} label={t("yourCourses")} empty={t("noCourses")} itemsLabel={(n) => common("items", { count: n })} />
      )}
      {instructor && taken.length > 0 && (
        <>
          <h2>{ca("home.taking")}</h2>
          <CourseCards courses={taken} label={ca("home.taking")} empty="" itemsLabel={(n) => common("items", { count: n })} />
        </>
      )}
      {archived.length > 0 && (
        <>
          <h2>{ca("home.archivedHeading")}</h2>
          <p className="muted">{instructor ? ca("home.archivedExplain") : ca("home.archivedStudent")}</p>
          <ul className="card-list" aria-label={ca("home.archivedHeading")}>
            {archived.map((course) => (
              <li key={course.id}>
                <Link href={course.staff ? `/instructor/courses/${course.id}/settings` : `/courses/${course.id}`} className="card card--link">
                  <div className="card__title">{course.title}</div>
                  <span className="badge">{ca("home.archivedBadge")}</span>
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function CourseCards({ courses, label, empty, itemsLabel }: { courses: CourseSummaryDto[]; label: string; empty: string; itemsLabel: (n: number) => string }) {
  if (courses.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className="card-list" aria-label={label}>
      {courses.map((course) => (
        <li key={course.id}>
          <Link href={`/courses/${course.id}`} className="card card--link">
            <div className="card__title">{course.title}</div>
            <p className="muted">{course.description}</p>
            <span className="badge">{itemsLabel(course.itemCount)}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
