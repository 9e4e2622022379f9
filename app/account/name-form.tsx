"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import type { NameState } from "./name-actions";

/** The account's display name; the server action is passed in by the page. */
export function NameForm({ name, action }: { name: string | null; action: (prev: NameState, form: FormData) => Promise<NameState> }) {
  const t = useTranslations("profile");
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className="form" aria-labelledby="account-name">
      <h2 id="account-name">{t("title")}</h2>
      <div className="field">
        <label htmlFor="account-name-input">{t("label")}</label>
        <input id="account-name-input" name="name" type="text" maxLength={100} autoComplete="name" defaultValue={name ?? ""} />
        <p className="field__hint">{t("hint")}</p>
      </div>
      {state && (
        <p role={state.ok ? "status" : "alert"} className={state.ok ? "" : "alert"}>
          {state.message}
        </p>
      )}
      <button type="submit" className="button" disabled={pending}>
        {t("save")}
      </button>
    </form>
  );
}
