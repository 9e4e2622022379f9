"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { OneTimeLink } from "./one-time-link";

export type InvitationFormState = { ok: true; path: string; expiresAt: string } | { ok: false; message: string } | null;

/**
 * Creates an invitation link (a co-instructor one for a course, or an instructor one) and shows it
 * once. The server action is passed in by the page.
 */
export function InvitationForm({
  courseId,
  heading,
  action,
}: {
  courseId?: string;
  heading: string;
  action: (prev: InvitationFormState, form: FormData) => Promise<InvitationFormState>;
}) {
  const t = useTranslations("invites");
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className="form stack" aria-label={heading}>
      {courseId && <input type="hidden" name="courseId" value={courseId} />}
      <div className="field">
        <label htmlFor={`invite-note-${courseId ?? "instructor"}`}>{t("form.note")}</label>
        <input id={`invite-note-${courseId ?? "instructor"}`} name="note" type="text" maxLength={200} />
        <p className="field__hint">{t("form.noteHint")}</p>
      </div>
      <div>
        <button className="button" type="submit" disabled={pending}>
          {t("form.create")}
        </button>
      </div>
      {state && !state.ok && (
        <p className="alert" role="alert">
          {state.message}
        </p>
      )}
      {state?.ok && <OneTimeLink path={state.path} expiresAt={state.expiresAt} label={t("link.invitationLabel")} asCode />}
    </form>
  );
}
