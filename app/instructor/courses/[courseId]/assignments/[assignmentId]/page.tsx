import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { formatTime } from "@/lib/i18n/format";
import { viewerTimeZone } from "@/lib/i18n/time-zone";
import { userTextIn } from "@/lib/i18n/translate";
import { dateTimeLocalValue } from "@/lib/assignments/time-zone";
import { forbiddenOnAccessError, requirePageInstructor } from "@/lib/auth/session";
import { getAssignmentAdmin } from "@/lib/data/assignments";
import { getExamLog } from "@/lib/data/exams";
import { AssignmentForm, DeleteAssignmentPanel } from "@/components/instructor/assignment-form";
import { ExtensionCsvForm, ExtensionForm, ReleasePanel } from "@/components/instructor/extension-forms";
import { percent } from "@/components/instructor/format";
import { readingViewer } from "@/lib/i18n/reading-viewer";
import {
  applyExtensionAction,
  deleteAssignmentAction,
  extensionCsvApplyAction,
  extensionCsvDryRunAction,
  previewAssignmentAction,
  previewDeleteAssignmentAction,
  previewExtensionAction,
  releasePreviewAction,
  releaseResultsAction,
  saveAssignmentAction,
} from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("instructorAssignments"))("assignmentMetaTitle") };
}

export default async function AssignmentPage(props: { params: Promise<{ courseId: string; assignmentId: string }> }) {
  const { courseId, assignmentId } = await props.params;
  const base = `/instructor/courses/${courseId}`;
  const viewer = await readingViewer(await requirePageInstructor(`${base}/assignments/${assignmentId}`));
  const dto = await forbiddenOnAccessError(getAssignmentAdmin(viewer, assignmentId));
  const log = dto.assignment.isExam ? await getExamLog(viewer, assignmentId) : null;
  const tz = dto.course.timeZone;
  const a = dto.assignment;
  const [t, common, locale] = await Promise.all([getTranslations("instructorAssignments"), getTranslations("instructor"), getLocale()]);
  const zone = viewerTimeZone(viewer, tz);
  const at = (d: Date | null) => (d ? formatTime(d, { zone, locale }) : "—");
  const exam = String(a.isExam);
  return (
    <div className="stack">
      <p className="muted">
        <Link href="/instructor">{common("title")}</Link> / <Link href={base}>{dto.course.title}</Link> / <Link href={`${base}/assignments`}>{t("crumb")}</Link> / {a.title}
      </p>
      <h1>
        {a.title} {a.isExam && <span className="badge">{t("exam")}</span>}
      </h1>
      <p className="muted">
        {t("header", { exam, release: at(a.releaseAt), due: at(a.dueAt), policy: userTextIn(locale, a.policy) })}
      </p>
      <AssignmentForm
        courseId={courseId}
        timeZone={tz}
        items={dto.items.map((i) => ({ id: i.id, slug: i.slug, title: i.title, hidden: i.hidden, assignmentTitle: i.assignmentId ? (dto.titles.get(i.assignmentId) ?? null) : null }))}
        initial={{
          assignmentId,
          title: a.title,
          release: dateTimeLocalValue(a.releaseAt, tz),
          due: dateTimeLocalValue(a.dueAt, tz),
          exerciseIds: a.items.map((i) => i.id),
          latePolicy: a.latePolicy,
          latePenalty: Math.round(a.latePenalty * 1000) / 10 || 10,
          lateFloor: Math.round(a.lateFloor * 1000) / 10,
          lateUntil: a.lateUntil ? dateTimeLocalValue(a.lateUntil, tz) : "",
          lateFactor: Math.round(a.lateFactor * 1000) / 10 || 50,
          isExam: a.isExam,
          examMinutes: a.examMinutes,
          publicTestsInExam: a.publicTestsInExam,
        }}
        preview={previewAssignmentAction}
        save={saveAssignmentAction}
        assignmentHrefBase={`${base}/assignments`}
      />
      <DeleteAssignmentPanel courseId={courseId} assignmentId={assignmentId} listHref={`${base}/assignments`} preview={previewDeleteAssignmentAction} remove={deleteAssignmentAction} />
      <section className="card stack" aria-labelledby="ext-title">
        <h2 id="ext-title">{t("extensions")}</h2>
        {dto.extensions.length === 0 ? (
          <p className="muted">{t("noExtensions", { exam })}</p>
        ) : (
          <table className="table" data-testid="extensions-table">
            <thead>
              <tr>
                <th scope="col">{t("extCol.student")}</th>
                <th scope="col">{t("extCol.newDue", { exam })}</th>
                <th scope="col">{t("extCol.extra")}</th>
                <th scope="col">{t("extCol.theirDue", { exam })}</th>
              </tr>
            </thead>
            <tbody>
              {dto.extensions.map((x) => (
                <tr key={x.userId}>
                  <td>
                    <Link href={`${base}/students/${x.userId}`}>{x.email}</Link>
                  </td>
                  <td>{at(x.dueAt)}</td>
                  <td>{x.extraMinutes || "—"}</td>
                  <td>{at(x.personalDueAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {dto.students.length === 0 ? (
          <p className="muted">{t("noStudents")}</p>
        ) : (
          <ExtensionForm
            courseId={courseId}
            timeZone={tz}
            assignments={[{ id: assignmentId, title: a.title, isExam: a.isExam }]}
            students={dto.students}
            preview={previewExtensionAction}
            apply={applyExtensionAction}
          />
        )}
        <details>
          <summary>{t("csvMany")}</summary>
          <ExtensionCsvForm courseId={courseId} timeZone={tz} dryRun={extensionCsvDryRunAction} apply={extensionCsvApplyAction} />
        </details>
      </section>
      {log && (
        <>
          <section className="card stack" aria-labelledby="release-title">
            <h2 id="release-title">{t("results")}</h2>
            <ReleasePanel courseId={courseId} assignmentId={assignmentId} releasedAt={log.resultsReleasedAt?.toISOString() ?? null} preview={releasePreviewAction} release={releaseResultsAction} />
          </section>
          <section className="card stack" aria-labelledby="log-title">
            <h2 id="log-title">{t("examLog")}</h2>
            <p className="muted">{t("examLogText", { tz })}</p>
            <table className="table" data-testid="exam-log">
              <thead>
                <tr>
                  <th scope="col">{t("logCol.student")}</th>
                  <th scope="col">{t("logCol.started")}</th>
                  <th scope="col">{t("logCol.ends")}</th>
                  <th scope="col">{t("logCol.submissions")}</th>
                </tr>
              </thead>
              <tbody>
                {log.students.map((s) => (
                  <tr key={s.userId}>
                    <td>{s.email}</td>
                    <td>{s.startedAt ? at(s.startedAt) : log.examMinutes === null ? "—" : t("notStarted")}</td>
                    <td>
                      {at(s.endsAt)}
                      {s.extraMinutes > 0 && t("extraMin", { minutes: s.extraMinutes })}
                    </td>
                    <td>
                      {s.submissions.length === 0 ? (
                        t("noneSubmitted")
                      ) : (
                        <ol className="exam-log-list">
                          {s.submissions.map((x, i) => (
                            <li key={i}>
                              {at(x.at)} · {x.itemTitle} · {x.gradable === false ? t("notGraded") : x.score === null ? t("pending") : percent(x.score, 0, locale)}
                            </li>
                          ))}
                        </ol>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </div>
  );
}
