"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";

export type CoTeacherFormState = { ok: boolean; message: string } | null;

/** The course owner adds a co-teacher by email; the server action is passed in by the page. */
export function CoTeacherForm({ courseId, action }: { courseId: string; action: (prev: CoTeacherFormState, form: FormData) => Promise<CoTeacherFormState> }) {
  const t = useTranslations("coTeacher");
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className="author-fields" aria-label={t("formLabel")}>
      <input type="hidden" name="courseId" value={courseId} />
      <label>
        {t("email")}
        <input name="email" type="email" required />
      </label>
      <div>
        <button className="button button--small" type="submit" disabled={pending}>
          {t("submit")}
        </button>
      </div>
      {state && (
        <p role={state.ok ? "status" : "alert"} className={state.ok ? "" : "alert"}>
          {state.message}
        </p>
      )}
    </form>
  );
}
