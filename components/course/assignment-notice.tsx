import { useFormatter, useTranslations } from "next-intl";
import type { ReactNode } from "react";
import type { StudentAssignmentDto } from "@/lib/assignments/policy";
import { useReaderText } from "../use-reader-text";
import { ExamTimer } from "./exam-timer";
import { LocalTime } from "./local-time";
import { StartExamButton, type StartExamAction } from "./start-exam-button";

// What a student must know about an item's assignment before submitting: when it is due (their own
// due time, in their own time zone), the late policy and what a submission now would earn; for an
// exam, its window, their time left and the "Start exam" button. Computed on the server's clock.
// A server component without async work, so next-intl's hooks read the request's locale.

export function AssignmentNotice({ assignment, now, startExam }: { assignment: StudentAssignmentDto; now: Date; startExam: StartExamAction }) {
  const t = useTranslations("courseView");
  const format = useFormatter();
  const reader = useReaderText();
  const pct = (x: number) => t("percent", { value: format.number(Math.round(x * 1000) / 10, { maximumFractionDigits: 1 }) });
  const tz = assignment.timeZone;
  const a = assignment;
  const examMsLeft = a.exam ? a.exam.endsAt.getTime() - now.getTime() : 0;
  const at = (d: Date) => () => <LocalTime iso={d.toISOString()} courseZone={tz} />;
  const heading = a.isExam ? t("examTitle", { title: a.title }) : t("assignmentTitle", { title: a.title });
  return (
    <section className={`cr-alert ${a.closedReason || a.lateNow ? "cr-alert-warn" : ""}`} aria-label={heading} data-testid="assignment-notice">
      <strong>{heading}</strong>
      {" · "}
      {!a.released ? (
        t.rich("opens", { when: at(a.releaseAt) })
      ) : (
        <>
          {t.rich(a.isExam ? "closes" : "due", { when: at(a.dueAt) })}
          {a.extended && <> {t.rich("extension", { when: at(a.baseDueAt) })}</>}
        </>
      )}
      {a.policy && <div className="cr-result-meta">{t("latePolicy", { policy: reader(a.policy) })}</div>}
      {a.exam && (
        <div className="cr-result-meta">
          {a.exam.minutes !== null ? t("examMinutes", { minutes: a.exam.minutes }) : t("examOpenWindow")}{" "}
          {a.exam.resultsHidden ? t("resultsHidden") : t("resultsReleased")}
          {a.exam.publicTests ? <> {t("publicTestsAllowed")}</> : null}
        </div>
      )}
      <div data-testid="submit-now">
        {a.closedReason ? (
          <span>{reader(a.closedReason)}</span>
        ) : a.exam ? (
          a.exam.startedAt !== null || a.exam.minutes === null ? (
            <span>{t.rich("submissionsOpen", { timer: () => <ExamTimer msLeft={examMsLeft} /> })}</span>
          ) : null
        ) : a.lateNow ? (
          <span>{t.rich("lateNow", { percent: pct(a.factorNow ?? 0), strong: (chunks: ReactNode) => <strong>{chunks}</strong> })}</span>
        ) : (
          <span>{t("onTime")}</span>
        )}
      </div>
      {a.exam?.mayStart && <StartExamButton assignmentId={a.id} minutes={a.exam.minutes ?? 0} action={startExam} />}
    </section>
  );
}
