import type { Metadata } from "next";
import Link from "next/link";
import { requirePageInstructor } from "@/lib/auth/session";
import { listManagedCourses } from "@/lib/data/courses-admin";
import { CreateCourseForm } from "@/components/instructor/create-course-form";
import { createCourseAction } from "./actions";

export const metadata: Metadata = { title: "Instructor" };

export default async function InstructorPage() {
  const viewer = await requirePageInstructor("/instructor");
  const courses = await listManagedCourses(viewer);
  return (
    <div className="stack">
      <h1>Instructor</h1>
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
            </Link>
          </p>
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
