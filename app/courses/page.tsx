import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/auth/session";
import { getMyProgress } from "@/lib/data/progress";
import { JoinForm } from "./join-form";
import { ProgressBar } from "./progress-bar";
import "@/components/student-ui.css";

export const metadata: Metadata = { title: "Courses" };

export default async function CoursesPage() {
  const viewer = await requirePageUser("/courses");
  const { courses } = await getMyProgress(viewer);
  return (
    <div className="stack">
      <h1>Your courses</h1>
      {courses.length === 0 ? (
        <p className="muted">You are not enrolled in any course yet. Enter the join code your instructor gave you.</p>
      ) : (
        <ul className="card-list" aria-label="Your courses">
          {courses.map((c) => (
            <li key={c.id}>
              <Link href={`/courses/${c.slug}`} className="card card--link">
                <div className="card__title">{c.title}</div>
                <p className="muted">{c.description}</p>
                <ProgressBar solved={c.solved} total={c.total} label={`${c.title} progress`} />
              </Link>
            </li>
          ))}
        </ul>
      )}
      <section className="card" aria-labelledby="join-heading">
        <h2 id="join-heading">Join a course</h2>
        <JoinForm autoFocus={courses.length === 0} />
      </section>
    </div>
  );
}
