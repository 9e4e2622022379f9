"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { OneTimeLink } from "./one-time-link";

export type ResetLinkState = { ok: true; path: string; expiresAt: string; email: string } | { ok: false; message: string } | null;

type Action = (prev: ResetLinkState, form: FormData) => Promise<ResetLinkState>;

function Outcome({ state }: { state: ResetLinkState }) {
  const t = useTranslations("passwordReset");
  if (!state) return null;
  if (!state.ok)
    return (
      <p className="alert" role="alert">
        {state.message}
      </p>
    );
  return <OneTimeLink path={state.path} expiresAt={state.expiresAt} label={t("issue.linkFor", { email: state.email })} />;
}

/** Course staff: a reset link for one student of the course (a row of the people page). */
export function StudentResetButton({ courseId, userId, email, action }: { courseId: string; userId: string; email: string; action: Action }) {
  const t = useTranslations("passwordReset");
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className="stack">
      <input type="hidden" name="courseId" value={courseId} />
      <input type="hidden" name="userId" value={userId} />
      <div>
        <button type="submit" className="button button--small button--secondary" disabled={pending} aria-label={t("issue.buttonFor", { email })}>
          {t("issue.button")}
        </button>
      </div>
      <Outcome state={state} />
    </form>
  );
}

/** A site administrator: a reset link for any account by email. */
export function AdminResetForm({ action }: { action: Action }) {
  const t = useTranslations("passwordReset");
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className="form stack" aria-label={t("issue.adminTitle")}>
      <div className="field">
        <label htmlFor="admin-reset-email">{t("issue.email")}</label>
        <input id="admin-reset-email" name="email" type="email" required />
      </div>
      <div>
        <button type="submit" className="button" disabled={pending}>
          {t("issue.create")}
        </button>
      </div>
      <Outcome state={state} />
    </form>
  );
}
