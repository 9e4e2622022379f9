import type { Metadata } from "next";
import Link from "next/link";
import { forbiddenOnAccessError, requirePageInstructor } from "@/lib/auth/session";
import { getStudentDrillDown } from "@/lib/data/courses-admin";
import { dateTime, percent } from "@/components/instructor/format";

export const metadata: Metadata = { title: "Student" };

export default async function StudentPage(props: { params: Promise<{ courseId: string; userId: string }> }) {
  const { courseId, userId } = await props.params;
  const viewer = await requirePageInstructor(`/instructor/courses/${courseId}/students/${userId}`);
  const dto = await forbiddenOnAccessError(getStudentDrillDown(viewer, courseId, userId));
  return (
    <div className="stack">
      <p className="muted">
        <Link href="/instructor">Instructor</Link> / <Link href={`/instructor/courses/${courseId}`}>{dto.course.title}</Link> / student
      </p>
      <h1>{dto.student.name ?? dto.student.email}</h1>
      <p className="muted">
        {dto.student.email} · enrolled {dateTime(dto.student.enrolledAt)}
      </p>
      {dto.items.map((item) => (
        <section key={item.id} className="card stack" aria-labelledby={`item-${item.id}`}>
          <h2 id={`item-${item.id}`}>
            {item.title} <span className="badge">{item.kind}</span>
          </h2>
          <p className="muted">
            Best {percent(item.bestScore)} · {item.attempts} graded attempt{item.attempts === 1 ? "" : "s"}
          </p>
          {item.attemptsList.length === 0 ? (
            <p className="muted">No submissions.</p>
          ) : (
            <ol className="stack" style={{ listStyle: "none", padding: 0 }}>
              {item.attemptsList.map((a) => (
                <li key={a.id}>
                  <details>
                    <summary>
                      {dateTime(a.at)} · {a.type === "run" ? "run (public tests)" : a.type === "quiz" ? "answer" : "submission"} ·{" "}
                      {a.gradable === false ? "not gradable" : percent(a.score)}
                      {a.diagnosis && ` · diagnosed: ${a.diagnosis}`} · version {a.versionHash.slice(0, 8)}
                    </summary>
                    {a.code !== null && <pre className="code-block">{a.code}</pre>}
                    {a.answer !== null && <pre className="code-block">{a.answer}</pre>}
                    {a.result && (
                      <table className="table">
                        <tbody>
                          {a.result.error && (
                            <tr>
                              <th scope="row">{a.result.error.kind}</th>
                              <td>{a.result.error.message}</td>
                            </tr>
                          )}
                          {a.result.tests.map((t, i) => (
                            <tr key={i}>
                              <th scope="row">
                                {t.passed ? "✓" : "✗"} {t.name}
                              </th>
                              <td>
                                {t.points}/{t.maxPoints} {t.message}
                              </td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    )}
                  </details>
                </li>
              ))}
            </ol>
          )}
        </section>
      ))}
    </div>
  );
}
