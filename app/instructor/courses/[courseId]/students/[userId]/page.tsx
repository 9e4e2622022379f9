import type { Metadata } from "next";
import Link from "next/link";
import { forbiddenOnAccessError, requirePageInstructor } from "@/lib/auth/session";
import { formatInZone } from "@/lib/assignments/time-zone";
import { getStudentDrillDown } from "@/lib/data/courses-admin";
import { getStudentExceptions } from "@/lib/data/extensions";
import { ExtensionForm, MessageForm } from "@/components/instructor/extension-forms";
import { dateTime, percent } from "@/components/instructor/format";
import { applyExtensionAction, previewExtensionAction, resetItemAction, setExtraAttemptsAction } from "../../assignments/actions";

export const metadata: Metadata = { title: "Student" };

export default async function StudentPage(props: { params: Promise<{ courseId: string; userId: string }> }) {
  const { courseId, userId } = await props.params;
  const viewer = await requirePageInstructor(`/instructor/courses/${courseId}/students/${userId}`);
  const dto = await forbiddenOnAccessError(getStudentDrillDown(viewer, courseId, userId));
  const ex = await forbiddenOnAccessError(getStudentExceptions(viewer, courseId, userId));
  const at = (d: Date) => formatInZone(d, ex.timeZone);
  return (
    <div className="stack">
      <p className="muted">
        <Link href="/instructor">Instructor</Link> / <Link href={`/instructor/courses/${courseId}`}>{dto.course.title}</Link> / student
      </p>
      <h1>{dto.student.name ?? dto.student.email}</h1>
      <p className="muted">
        {dto.student.email} · enrolled {dateTime(dto.student.enrolledAt)}
      </p>
      <section className="card stack" aria-labelledby="exceptions-title" id="exceptions">
        <h2 id="exceptions-title">Extensions and attempts</h2>
        {ex.assignments.length === 0 ? (
          <p className="muted">This course has no assignments, so there is nothing to extend.</p>
        ) : (
          <>
            <ul>
              {ex.assignments.map((a) => (
                <li key={a.id}>
                  <strong>{a.title}</strong>: {a.isExam ? "window closes" : "due"} {at(a.personalDueAt)}
                  {a.extension ? ` (extension; everyone else ${at(a.dueAt)}${a.extension.extraMinutes > 0 ? `, +${a.extension.extraMinutes} min` : ""})` : ""}
                </li>
              ))}
            </ul>
            <ExtensionForm
              courseId={courseId}
              timeZone={ex.timeZone}
              assignments={ex.assignments.map((a) => ({ id: a.id, title: a.title, isExam: a.isExam }))}
              students={[{ id: dto.student.id, email: dto.student.email }]}
              preview={previewExtensionAction}
              apply={applyExtensionAction}
            />
          </>
        )}
        <table className="table" data-testid="attempt-allowances">
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">Attempts used / allowed</th>
              <th scope="col">Extra attempts</th>
              <th scope="col">Reset</th>
            </tr>
          </thead>
          <tbody>
            {ex.items.map((i) => (
              <tr key={i.id}>
                <td>{i.title}</td>
                <td>
                  {i.attempts} / {i.maxAttempts === null ? "unlimited" : i.maxAttempts + i.extraAttempts}
                  {i.resetAt && <div className="muted">reset {at(i.resetAt)}</div>}
                </td>
                <td>
                  {i.maxAttempts === null ? (
                    "—"
                  ) : (
                    <MessageForm action={setExtraAttemptsAction} label={`Extra attempts on ${i.title}`} submit="Set">
                      <input type="hidden" name="courseId" value={courseId} />
                      <input type="hidden" name="exerciseId" value={i.id} />
                      <input type="hidden" name="userId" value={dto.student.id} />
                      <input type="number" name="extraAttempts" min={0} max={100} defaultValue={i.extraAttempts} aria-label={`Extra attempts on ${i.title}`} style={{ width: "5rem" }} />
                    </MessageForm>
                  )}
                </td>
                <td>
                  {i.maxAttempts === null ? (
                    "—"
                  ) : (
                    <MessageForm action={resetItemAction} label={`Reset ${i.title}`} submit={`Reset ${i.title}`}>
                      <input type="hidden" name="courseId" value={courseId} />
                      <input type="hidden" name="exerciseId" value={i.id} />
                      <input type="hidden" name="userId" value={dto.student.id} />
                    </MessageForm>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
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
