import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/auth/session";
import { getMyProgress } from "@/lib/data/progress";
import { percent } from "@/components/format";
import { ProgressBar } from "../courses/progress-bar";
import "@/components/student-ui.css";

export const metadata: Metadata = { title: "My progress" };

export default async function ProgressPage() {
  const viewer = await requirePageUser("/progress");
  const { courses, recent } = await getMyProgress(viewer);
  return (
    <div className="stack">
      <h1>My progress</h1>
      {courses.length === 0 && (
        <p className="muted">
          Nothing yet. <Link href="/courses">Join a course</Link> with the code from your instructor to get started.
        </p>
      )}
      {courses.map((c) => (
        <section key={c.id} className="card stack" aria-labelledby={`course-${c.id}`}>
          <h2 id={`course-${c.id}`}>
            <Link href={`/courses/${c.slug}`}>{c.title}</Link>
          </h2>
          <ProgressBar solved={c.solved} total={c.total} label={`${c.title} progress`} />
          <p className="cr-result-meta">
            Points: {Math.round(c.earnedPoints * 10) / 10} of {c.totalPoints} · attempts so far: {c.items.reduce((s, i) => s + i.attempts, 0)}
          </p>
          <table className="cr-outline" aria-label={`${c.title} items`}>
            <thead>
              <tr>
                <th scope="col">Item</th>
                <th scope="col">Status</th>
                <th scope="col" className="cr-num">Best</th>
                <th scope="col" className="cr-num">Attempts</th>
              </tr>
            </thead>
            <tbody>
              {c.items.map((i) => (
                <tr key={i.exerciseId}>
                  <td>
                    <Link href={`/courses/${c.slug}/${i.slug}`}>{i.title}</Link>
                  </td>
                  <td>
                    <span className={`cr-status is-${i.status}`}>{i.status === "solved" ? "Solved" : i.status === "attempted" ? "Attempted" : "Not started"}</span>
                  </td>
                  <td className="cr-num">{i.resultsHidden && i.attempts > 0 ? "submitted" : i.attempts > 0 ? `${percent(i.bestScore)}%` : "—"}</td>
                  <td className="cr-num">{i.attempts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      {recent.length > 0 && (
        <section className="card" aria-labelledby="recent-heading">
          <h2 id="recent-heading">Recent activity</h2>
          <ul className="cr-tests">
            {recent.map((r, idx) => (
              <li key={idx}>
                <time dateTime={r.at.toISOString()}>{r.at.toISOString().slice(0, 16).replace("T", " ")} UTC</time>{" · "}
                <Link href={`/courses/${r.courseSlug}/${r.itemSlug}`}>{r.itemTitle}</Link>{" · "}
                {r.gradable === false ? "not graded" : r.withheld ? "submitted" : r.score === null ? "pending" : `${percent(r.score)}%`}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
