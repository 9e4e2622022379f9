"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import type { ChangePasswordState } from "./actions";

const initial: ChangePasswordState = { fieldErrors: {}, message: null };

/** Server actions are passed in by the page. */
export function ChangePasswordForm({ action }: { action: (prev: ChangePasswordState, form: FormData) => Promise<ChangePasswordState> }) {
  const t = useTranslations("account");
  const [state, formAction, pending] = useActionState(action, initial);
  const { fieldErrors } = state;
  return (
    <form action={formAction} className="form" aria-labelledby="change-password" noValidate>
      <h2 id="change-password">{t("changePassword")}</h2>
      {state.message && (
        <p className="alert" role="alert">
          {state.message}
        </p>
      )}
      <div className="field">
        <label htmlFor="current-password">{t("currentPassword")}</label>
        <input id="current-password" name="current" type="password" autoComplete="current-password" required aria-invalid={fieldErrors.current ? true : undefined} />
        {fieldErrors.current && <p className="field__error">{fieldErrors.current}</p>}
      </div>
      <div className="field">
        <label htmlFor="new-password">{t("newPassword")}</label>
        <input id="new-password" name="next" type="password" autoComplete="new-password" required aria-invalid={fieldErrors.next ? true : undefined} />
        <p className="field__hint">{t("newPasswordHint")}</p>
        {fieldErrors.next && <p className="field__error">{fieldErrors.next}</p>}
      </div>
      <button type="submit" className="button" disabled={pending}>
        {t("changePassword")}
      </button>
    </form>
  );
}
