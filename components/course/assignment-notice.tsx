import type { StudentAssignmentDto } from "@/lib/assignments/policy";
import { ExamTimer } from "./exam-timer";
import { LocalTime } from "./local-time";
import { StartExamButton, type StartExamAction } from "./start-exam-button";

// What a student must know about an item's assignment before submitting: when it is due (their own
// due time, in their own time zone), the late policy and what a submission now would earn; for an
// exam, its window, their time left and the "Start exam" button. Computed on the server's clock.

const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;

export function AssignmentNotice({ assignment, now, startExam }: { assignment: StudentAssignmentDto; now: Date; startExam: StartExamAction }) {
  const tz = assignment.timeZone;
  const a = assignment;
  return (
    <section className={`cr-alert ${a.closedReason || a.lateNow ? "cr-alert-warn" : ""}`} aria-label={`${a.isExam ? "Exam" : "Assignment"}: ${a.title}`} data-testid="assignment-notice">
      <strong>{a.isExam ? "Exam" : "Assignment"}: {a.title}</strong>
      {" · "}
      {!a.released ? (
        <>
          opens <LocalTime iso={a.releaseAt.toISOString()} fallbackZone={tz} />
        </>
      ) : (
        <>
          {a.isExam ? "closes" : "due"} <LocalTime iso={a.dueAt.toISOString()} fallbackZone={tz} />
          {a.extended && <> (your extension; everyone else: <LocalTime iso={a.baseDueAt.toISOString()} fallbackZone={tz} />)</>}
        </>
      )}
      {a.policy && <div className="cr-result-meta">Late policy: {a.policy}.</div>}
      {a.exam && (
        <div className="cr-result-meta">
          {a.exam.minutes !== null ? `${a.exam.minutes} minutes from when you start, within the window.` : "Open during its window."}{" "}
          {a.exam.resultsHidden ? "Results stay hidden until your instructor releases them." : "Results are released."}
          {a.exam.publicTests ? " Public tests may be run." : ""}
        </div>
      )}
      <div data-testid="submit-now">
        {a.closedReason ? (
          <span>{a.closedReason}</span>
        ) : a.exam ? (
          a.exam.startedAt !== null || a.exam.minutes === null ? (
            <span>
              Submissions are open: <ExamTimer msLeft={a.exam.endsAt.getTime() - now.getTime()} />.
            </span>
          ) : null
        ) : a.lateNow ? (
          <span>
            Late: a submission now earns <strong>{pct(a.factorNow ?? 0)}</strong> of its score.
          </span>
        ) : (
          <span>On time: a submission now earns its full score.</span>
        )}
      </div>
      {a.exam?.mayStart && <StartExamButton assignmentId={a.id} minutes={a.exam.minutes ?? 0} action={startExam} />}
    </section>
  );
}
