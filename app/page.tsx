import Link from "next/link";
import { getViewer } from "@/lib/auth/session";
import { listCoursesForViewer } from "@/lib/data/courses";
import type { Viewer } from "@/lib/data/access";
import { readingViewer } from "@/lib/i18n/reading-viewer";

export default async function HomePage() {
  const viewer = await getViewer();
  return viewer ? <Home viewer={viewer} /> : <Landing />;
}

function Landing() {
  return (
    <>
      <section className="hero">
        <h1>Learn backpropagation by building it.</h1>
        <p>
          Write each layer&apos;s forward and backward pass in TypeScript, answer quick quizzes on
          computational graphs, and get graded instantly against a reference engine.
        </p>
        <div className="hero__actions">
          <Link href="/signup" className="button">
            Create an account
          </Link>
          <Link href="/signin" className="button button--secondary">
            Sign in
          </Link>
        </div>
      </section>
      <section className="features" aria-label="Features">
        <div className="card">
          <h2>Code in the browser</h2>
          <p className="muted">An editor with type checking; run the visible tests, then submit for a grade.</p>
        </div>
        <div className="card">
          <h2>Your own numbers</h2>
          <p className="muted">Every student gets seeded variants, so answers cannot be copied.</p>
        </div>
        <div className="card">
          <h2>Feedback that teaches</h2>
          <p className="muted">Common mistakes are recognised and named, without giving the answer away.</p>
        </div>
      </section>
    </>
  );
}

async function Home({ viewer }: { viewer: Viewer }) {
  const courses = await listCoursesForViewer(await readingViewer(viewer));
  return (
    <div className="stack">
      <h1>Welcome{viewer.name ? `, ${viewer.name}` : ""}</h1>
      <h2>Your courses</h2>
      {courses.length === 0 ? (
        <p className="muted">You are not enrolled in any course yet. Ask your instructor for a join code.</p>
      ) : (
        <ul className="card-list" aria-label="Your courses">
          {courses.map((course) => (
            <li key={course.id}>
              <Link href={`/courses/${course.id}`} className="card card--link">
                <div className="card__title">{course.title}</div>
                <p className="muted">{course.description}</p>
                <span className="badge">
                  {course.itemCount} {course.itemCount === 1 ? "item" : "items"}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
