import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { formatTime } from "@/lib/i18n/format";
import { viewerTimeZone } from "@/lib/i18n/time-zone";
import { forbiddenOnAccessError, requirePageInstructor } from "@/lib/auth/session";
import { getStudentDrillDown } from "@/lib/data/courses-admin";
import { getStudentExceptions } from "@/lib/data/extensions";
import { ExtensionForm, MessageForm } from "@/components/instructor/extension-forms";
import { percent } from "@/components/instructor/format";
import { applyExtensionAction, previewExtensionAction, resetItemAction, setExtraAttemptsAction } from "../../assignments/actions";
import { readingViewer } from "@/lib/i18n/reading-viewer";
import { submissionQueue } from "@/lib/submissions";
import { AnswerAsShown } from "@/components/instructor/answer-as-shown";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("instructorStudents"))("metaTitle") };
}

export default async function StudentPage(props: { params: Promise<{ courseId: string; userId: string }> }) {
  const { courseId, userId } = await props.params;
  const viewer = await readingViewer(await requirePageInstructor(`/instructor/courses/${courseId}/students/${userId}`));
  const dto = await forbiddenOnAccessError(getStudentDrillDown(viewer, courseId, userId, submissionQueue().grader));
  const ex = await forbiddenOnAccessError(getStudentExceptions(viewer, courseId, userId));
  const [t, common, locale] = await Promise.all([getTranslations("instructorStudents"), getTranslations("instructor"), getLocale()]);
  const zone = viewerTimeZone(viewer, ex.timeZone);
  const at = (d: Date) => formatTime(d, { zone, locale });
  return (
    <div className="stack">
      <p className="muted">
        <Link href="/instructor">{common("title")}</Link> / <Link href={`/instructor/courses/${courseId}`}>{dto.course.title}</Link> / {t("crumb")}
      </p>
      <h1>{dto.student.name ?? dto.student.email}</h1>
      <p className="muted">
        {t("enrolledAt", { email: dto.student.email, at: formatTime(dto.student.enrolledAt, { zone, locale, style: "short" }) })}
      </p>
      <section className="card stack" aria-labelledby="exceptions-title" id="exceptions">
        <h2 id="exceptions-title">{t("exceptions")}</h2>
        {ex.assignments.length === 0 ? (
          <p className="muted">{t("noAssignments")}</p>
        ) : (
          <>
            <ul>
              {ex.assignments.map((a) => (
                <li key={a.id}>
                  <strong>{a.title}</strong>: {t("dueLine", { exam: String(a.isExam), at: at(a.personalDueAt) })}
                  {a.extension ? t("extended", { at: at(a.dueAt), extra: a.extension.extraMinutes }) : ""}
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
              <th scope="col">{t("col.item")}</th>
              <th scope="col">{t("col.used")}</th>
              <th scope="col">{t("col.extra")}</th>
              <th scope="col">{t("col.reset")}</th>
            </tr>
          </thead>
          <tbody>
            {ex.items.map((i) => (
              <tr key={i.id}>
                <td>{i.title}</td>
                <td>
                  {i.attempts} / {i.maxAttempts === null ? t("unlimited") : i.maxAttempts + i.extraAttempts}
                  {i.resetAt && <div className="muted">{t("resetAt", { at: at(i.resetAt) })}</div>}
                </td>
                <td>
                  {i.maxAttempts === null ? (
                    "—"
                  ) : (
                    <MessageForm action={setExtraAttemptsAction} label={t("extraOn", { title: i.title })} submit={t("set")}>
                      <input type="hidden" name="courseId" value={courseId} />
                      <input type="hidden" name="exerciseId" value={i.id} />
                      <input type="hidden" name="userId" value={dto.student.id} />
                      <input type="number" name="extraAttempts" min={0} max={100} defaultValue={i.extraAttempts} aria-label={t("extraOn", { title: i.title })} style={{ width: "5rem" }} />
                    </MessageForm>
                  )}
                </td>
                <td>
                  {i.maxAttempts === null ? (
                    "—"
                  ) : (
                    <MessageForm action={resetItemAction} label={t("resetItem", { title: i.title })} submit={t("resetItem", { title: i.title })}>
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
            {t("best", { score: percent(item.bestScore, 0, locale), attempts: item.attempts })}
          </p>
          {item.attemptsList.length === 0 ? (
            <p className="muted">{t("noSubmissions")}</p>
          ) : (
            <ol className="stack" style={{ listStyle: "none", padding: 0 }}>
              {item.attemptsList.map((a) => (
                <li key={a.id}>
                  <details>
                    <summary>
                      {formatTime(a.at, { zone, locale, style: "short" })} · {t("attemptType", { type: a.type })} · {a.gradable === false ? t("notGradable") : percent(a.score, 0, locale)}
                      {a.diagnosis && t("diagnosed", { id: a.diagnosis })} · {t("version", { hash: a.versionHash.slice(0, 8) })}
                    </summary>
                    {a.code !== null && <pre className="code-block">{a.code}</pre>}
                    {a.shown !== null ? <AnswerAsShown view={a.shown} /> : a.answer !== null && <pre className="code-block">{a.answer}</pre>}
                    {a.result && (
                      <table className="table">
                        <tbody>
                          {a.result.error && (
                            <tr>
                              <th scope="row">{a.result.error.kind}</th>
                              <td>{a.result.error.message}</td>
                            </tr>
                          )}
                          {a.result.tests.map((test, i) => (
                            <tr key={i}>
                              <th scope="row">
                                {test.passed ? "✓" : "✗"} {test.name}
                              </th>
                              <td>
                                {test.points}/{test.maxPoints} {test.message}
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
