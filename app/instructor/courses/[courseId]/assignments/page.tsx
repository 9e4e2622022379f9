import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { formatTime } from "@/lib/i18n/format";
import { viewerTimeZone } from "@/lib/i18n/time-zone";
import { userTextIn } from "@/lib/i18n/translate";
import { dateTimeLocalValue } from "@/lib/assignments/time-zone";
import { forbiddenOnAccessError, requirePageInstructor } from "@/lib/auth/session";
import { listAssignments } from "@/lib/data/assignments";
import { AssignmentForm } from "@/components/instructor/assignment-form";
import { ExtensionCsvForm, MessageForm } from "@/components/instructor/extension-forms";
import { extensionCsvApplyAction, extensionCsvDryRunAction, previewAssignmentAction, saveAssignmentAction, setTimeZoneAction } from "./actions";
import { readingViewer } from "@/lib/i18n/reading-viewer";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("instructorAssignments"))("metaTitle") };
}

export default async function AssignmentsPage(props: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await props.params;
  const base = `/instructor/courses/${courseId}`;
  const viewer = await readingViewer(await requirePageInstructor(`${base}/assignments`));
  const dto = await forbiddenOnAccessError(listAssignments(viewer, courseId));
  const tz = dto.course.timeZone;
  const [t, common, locale] = await Promise.all([getTranslations("instructorAssignments"), getTranslations("instructor"), getLocale()]);
  // The table shows times on the reader's clock (named); the form below is typed in the course's zone.
  const zone = viewerTimeZone(viewer, tz);
  const titleOf = new Map(dto.assignments.map((a) => [a.id, a.title]));
  const now = Date.now();
  // A new assignment's defaults: released now, due in a week at 23:59 (course time zone).
  const due = dateTimeLocalValue(now + 7 * 86_400_000, tz).slice(0, 10) + "T23:59";
  return (
    <div className="stack">
      <p className="muted">
        <Link href="/instructor">{common("title")}</Link> / <Link href={base}>{dto.course.title}</Link> / {t("crumb")}
      </p>
      <h1>{t("title", { title: dto.course.title })}</h1>
      <section className="card stack" aria-labelledby="tz-title">
        <h2 id="tz-title">{t("timeZoneTitle")}</h2>
        <p className="muted">{t("timeZoneText")}</p>
        <MessageForm action={setTimeZoneAction} label={t("timeZoneTitle")} submit={t("setTimeZone")}>
          <input type="hidden" name="courseId" value={courseId} />
          <label>
            {t("timeZone")}
            <br />
            <select name="timeZone" defaultValue={tz}>
              {Intl.supportedValuesOf("timeZone")
                .concat(["UTC"])
                .map((z) => (
                  <option key={z} value={z}>
                    {z}
                  </option>
                ))}
            </select>
          </label>
        </MessageForm>
      </section>
      {dto.assignments.length === 0 ? (
        <p className="muted">{t("none")}</p>
      ) : (
        <table className="table" data-testid="assignments-table">
          <thead>
            <tr>
              <th scope="col">{t("col.assignment")}</th>
              <th scope="col">{t("col.release")}</th>
              <th scope="col">{t("col.due")}</th>
              <th scope="col">{t("col.rules")}</th>
              <th scope="col">{t("col.items")}</th>
              <th scope="col">{t("col.extensions")}</th>
            </tr>
          </thead>
          <tbody>
            {dto.assignments.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link href={`${base}/assignments/${a.id}`}>{a.title}</Link> {a.isExam && <span className="badge">{t("exam")}</span>}
                  {a.isExam && <div className="muted">{a.resultsReleasedAt ? t("resultsReleased") : t("resultsHidden")}</div>}
                </td>
                <td>{formatTime(a.releaseAt, { zone, locale })}</td>
                <td>{formatTime(a.dueAt, { zone, locale })}</td>
                <td>{userTextIn(locale, a.policy)}</td>
                <td>{a.items.map((i) => i.title).join(", ") || "—"}</td>
                <td>{a.extensions}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t("new")}</h2>
      <AssignmentForm
        courseId={courseId}
        timeZone={tz}
        items={dto.items.map((i) => ({ id: i.id, slug: i.slug, title: i.title, hidden: i.hidden, assignmentTitle: i.assignmentId ? (titleOf.get(i.assignmentId) ?? null) : null }))}
        initial={{
          title: "",
          release: dateTimeLocalValue(now, tz),
          due,
          exerciseIds: [],
          latePolicy: "per-day",
          latePenalty: 10,
          lateFloor: 50,
          lateUntil: "",
          lateFactor: 50,
          isExam: false,
          examMinutes: null,
          publicTestsInExam: false,
        }}
        preview={previewAssignmentAction}
        save={saveAssignmentAction}
        assignmentHrefBase={`${base}/assignments`}
      />
      {dto.assignments.length > 0 && (
        <section className="card stack" aria-labelledby="csv-title">
          <h2 id="csv-title">{t("csvTitle")}</h2>
          <ExtensionCsvForm courseId={courseId} timeZone={tz} dryRun={extensionCsvDryRunAction} apply={extensionCsvApplyAction} />
        </section>
      )}
    </div>
  );
}
