import type { Metadata } from "next";
import Link from "next/link";
import { requirePageInstructor } from "@/lib/auth/session";
import { listManagedCourses } from "@/lib/data/courses-admin";
import { isSiteAdminId } from "@/lib/data/site-admins";
import { getTranslations } from "next-intl/server";
import { CoTeacherForm } from "@/components/instructor/co-teacher-form";
import { CreateCourseForm } from "@/components/instructor/create-course-form";
import { addCoTeacherAction, createCourseAction, removeCoTeacherAction } from "./actions";

export const metadata: Metadata = { title: "Instructor" };

export default async function InstructorPage() {
  const viewer = await requirePageInstructor("/instructor");
  const courses = await listManagedCourses(viewer);
  const [admin, invites] = await Promise.all([isSiteAdminId(viewer.id), getTranslations("invites")]);
  return (
    <div className="stack">
      <h1>Instructor</h1>
      <p>
        <Link href="/instructor/lti">LMS platforms (LTI 1.3)</Link>
        {admin && (
          <>
            {" · "}
            <Link href="/instructor/accounts">{invites("home.accounts")}</Link>
          </>
        )}
      </p>
      {courses.length === 0 && <p className="muted">No courses yet.</p>}
      {courses.map((course) => (
        <section key={course.id} className="card stack" aria-labelledby={`course-${course.id}`}>
          <h2 id={`course-${course.id}`}>{course.title}</h2>
          <p className="muted">
            Join code <code>{course.joinCode}</code> · {course.itemCount} items
            {course.hiddenItemCount > 0 && ` (${course.hiddenItemCount} hidden)`} · {course.students.length}{" "}
            {course.students.length === 1 ? "student" : "students"}
          </p>
          <p>
            <Link className="button button--small" href={`/instructor/courses/${course.id}`}>
              Grades
            </Link>{" "}
            <Link className="button button--small button--secondary" href={`/instructor/courses/${course.id}/items`}>
              Items
            </Link>{" "}
            <Link className="button button--small button--secondary" href={`/instructor/courses/${course.id}/assignments`}>
              Assignments
            </Link>{" "}
            <Link className="button button--small button--secondary" href={`/instructor/courses/${course.id}/lti`}>
              LMS
            </Link>{" "}
            <Link className="button button--small button--secondary" href={`/instructor/courses/${course.id}/people`}>
              {invites("home.people")}
            </Link>
          </p>
          <p className="muted">
            Owner: {course.owner ? course.owner.email : "none (the operator names one: npm run -s course:set-owner)"}
            {course.coTeachers.length > 0 && ` · Co-teachers: ${course.coTeachers.map((t) => t.email).join(", ")}`}
          </p>
          {course.isOwner && (
            <details>
              <summary>Co-teachers</summary>
              {course.coTeachers.length > 0 && (
                <ul>
                  {course.coTeachers.map((t) => (
                    <li key={t.id}>
                      <form action={removeCoTeacherAction}>
                        {t.email}{" "}
                        <input type="hidden" name="courseId" value={course.id} />
                        <input type="hidden" name="userId" value={t.id} />
                        <button type="submit" className="button button--small button--secondary">
                          Remove {t.email}
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
              <summary>Enrolled students</summary>
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Email</th>
                    <th scope="col">Name</th>
                    <th scope="col">Enrolled</th>
                  </tr>
                </thead>
                <tbody>
                  {course.students.map((s) => (
                    <tr key={s.id}>
                      <td>{s.email}</td>
                      <td>{s.name ?? "—"}</td>
                      <td>{s.enrolledAt.toISOString().slice(0, 10)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          ) : (
            <p className="muted">No students enrolled yet. Share the join code.</p>
          )}
        </section>
      ))}
      <CreateCourseForm action={createCourseAction} />
    </div>
  );
}
