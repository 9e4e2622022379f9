"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";

// "Start exam": the student's duration counts from the moment the server stores the start.

export type StartExamState = { message: string | null };
export type StartExamAction = (prev: StartExamState, form: FormData) => Promise<StartExamState>;

export function StartExamButton({ assignmentId, minutes, action }: { assignmentId: string; minutes: number; action: StartExamAction }) {
  const t = useTranslations("courseView");
  const [state, run, pending] = useActionState<StartExamState, FormData>(action, { message: null });
  return (
    <form action={run} className="cr-toolbar">
      <input type="hidden" name="assignmentId" value={assignmentId} />
      <button type="submit" className="cr-btn cr-btn-primary" disabled={pending}>
        {pending ? t("starting") : t("startExam", { minutes })}
      </button>
      {state.message && (
        <span className="cr-field-note is-wrong" role="alert">
          {state.message}
        </span>
      )}
    </form>
  );
}
