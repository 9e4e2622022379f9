"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { joinCourseAction, type JoinState } from "./actions";
import "@/components/student-ui.css";

export function JoinForm({ autoFocus = false }: { autoFocus?: boolean }) {
  const t = useTranslations("courses");
  const [state, action, pending] = useActionState<JoinState, FormData>(joinCourseAction, { message: null, code: "" });
  return (
    <form action={action} className="cr-join" aria-label={t("joinTitle")}>
      <div className="cr-field">
        <label htmlFor="join-code">{t("joinCode")}</label>
        <input
          id="join-code"
          name="code"
          className="cr-input"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          defaultValue={state.code}
          placeholder={t("joinPlaceholder")}
          aria-invalid={state.message ? true : undefined}
          aria-describedby={state.message ? "join-error" : undefined}
          autoFocus={autoFocus}
          required
        />
      </div>
      <button type="submit" className="cr-btn cr-btn-primary" disabled={pending}>
        {pending ? t("joining") : t("join")}
      </button>
      {state.message && (
        <p id="join-error" className="cr-field-note is-wrong" role="alert" style={{ flexBasis: "100%", margin: 0 }}>
          {state.message}
        </p>
      )}
    </form>
  );
}
