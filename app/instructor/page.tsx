import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requirePageInstructor } from "@/lib/auth/session";
import { listManagedCourses } from "@/lib/data/courses-admin";
import { isSiteAdminId } from "@/lib/data/site-admins";
import { formatTime } from "@/lib/i18n/format";
import { getRequestLocale } from "@/lib/i18n/server";
import { viewerTimeZone } from "@/lib/i18n/time-zone";
import { CoTeacherForm } from "@/components/instructor/co-teacher-form";
import { CourseForm } from "@/components/instructor/course-form";
import { RestoreButton } from "@/components/instructor/archive-panel";
import { addCoTeacherAction, createCourseAction, removeCoTeacherAction } from "./actions";
import { setCourseArchivedAction } from "./courses/[courseId]/settings/actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("instructor"))("metaTitle") };
}

export default async function InstructorPage() {
  const viewer = await requirePageInstructor("/instructor");
  const [all, t, admin, invites, ca] = await Promise.all([
    listManagedCourses(viewer),
    getTranslations("instructor"),
    isSiteAdminId(viewer.id),
    getTranslations("invites"),
    getTranslations("courseAdmin"),
  ]);
  // Archived courses leave the working list (decision 122): listed at the end, with Restore.
  const courses = all.filter((c) => c.archivedAt === null);
  const archived = all.filter((c) => c.archivedAt !== null);
  const locale = await getRequestLocale();
  const zone = viewerTimeZone(viewer);
  return (
    <div className="stack">
      <h1>{t("title")}</h1>
      <p>
        <Link href="/instructor/lti">{t("ltiLink")}</Link>
        {admin && (
          <>
            {" · "}
            <Link href="/instructor/accounts">{invites("home.accounts")}</Link>
          </>
        )}
      </p>
      {courses.length === 0 && <p className="muted">{archived.length > 0 ? ca("home.allArchived") : t("noCourses")}</p>}
      {courses.map((course) => (
        <section key={course.id} className="card stack" aria-labelledby={`course-${course.id}`}>
          <h2 id={`course-${course.id}`}>{course.title}</h2>
          <p className="muted">
            {t.rich("courseSummary", {
              joinCode: course.joinCode,
              items: course.itemCount,
              hidden: course.hiddenItemCount,
              students: course.students.length,
              code: (chunks) => <code>{chunks}</code>,
            })}
          </p>
          <p>
            <Link className="button button--small" href={`/instructor/courses/${course.id}`}>
              {t("grades")}
            </Link>{" "}
            <Link className="button button--small button--secondary" href={`/instructor/courses/${course.id}/items`}>
              {t("items")}
            </Link>{" "}
            <Link className="button button--small button--secondary" href={`/instructor/courses/${course.id}/assignments`}>
              {t("assignments")}
            </Link>{" "}
            <Link className="button button--small button--secondary" href={`/instructor/courses/${course.id}/lti`}>
              {t("lms")}
            </Link>{" "}
            <Link className="button button--small button--secondary" href={`/instructor/courses/${course.id}/people`}>
              {invites("home.people")}
            </Link>{" "}
            <Link className="button button--small button--secondary" href={`/instructor/courses/${course.id}/settings`}>
              {ca("home.settings")}
            </Link>
          </p>
          <p className="muted">
            {t("owner", { owner: course.owner ? course.owner.email : t("noOwner") })}
            {course.coTeachers.length > 0 && t("coTeachersList", { list: course.coTeachers.map((c) => c.email).join(", ") })}
          </p>
          {course.isOwner && (
            <details>
              <summary>{t("coTeachers")}</summary>
              {course.coTeachers.length > 0 && (
                <ul>
                  {course.coTeachers.map((c) => (
                    <li key={c.id}>
                      <form action={removeCoTeacherAction}>
                        {c.email}{" "}
                        <input type="hidden" name="courseId" value={course.id} />
                        <input type="hidden" name="userId" value={c.id} />
                        <button type="submit" className="button button--small button--secondary">
                          {t("removeCoTeacher", { email: c.email })}
                        </button>
                      </form>
                    </li>
                  ))}
                </ul>
              )}
              <CoTeacherForm courseId={course.id} action={addCoTeacherAction} />
            </details>
          )}
          {course.students.length > 0 ? (
            <details open={course.students.length <= 20}>
              <summary>{t("enrolledStudents")}</summary>
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t("email")}</th>
                    <th scope="col">{t("name")}</th>
                    <th scope="col">{t("enrolled")}</th>
                  </tr>
                </thead>
                <tbody>
                  {course.students.map((s) => (
                    <tr key={s.id}>
                      <td>{s.email}</td>
                      <td>{s.name ?? "—"}</td>
                      <td>{formatTime(s.enrolledAt, { zone, locale, style: "date" })}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          ) : (
            <p className="muted">{t("noStudents")}</p>
          )}
        </section>
      ))}
      {archived.length > 0 && (
        <section className="card stack" aria-labelledby="archived-courses">
          <h2 id="archived-courses">{ca("home.archivedHeading")}</h2>
          <p className="muted">{ca("home.archivedExplain")}</p>
          <ul className="archived-list">
            {archived.map((course) => (
              <li key={course.id} data-testid={`archived-${course.slug}`}>
                <strong>{course.title}</strong>
                <span className="course-actions">
                  <Link className="button button--small button--secondary" href={`/instructor/courses/${course.id}`}>
                    {t("grades")}
                  </Link>
                  <Link className="button button--small button--secondary" href={`/instructor/courses/${course.id}/settings`}>
                    {ca("home.settings")}
                  </Link>
                  {course.isOwner ? <RestoreButton courseId={course.id} title={course.title} setArchived={setCourseArchivedAction} /> : <span className="muted">{ca("archive.ownerOnly")}</span>}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <CourseForm action={createCourseAction} />
    </div>
  );
}
