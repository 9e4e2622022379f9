"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { z } from "zod";

// The form behind a reset link: posts to /api/password-reset (pages/api/password-reset.ts), which
// answers in the page's language.

const answerSchema = z.object({ ok: z.boolean(), message: z.string().optional(), field: z.string().optional() });

type State = { kind: "idle" } | { kind: "done" } | { kind: "error"; message: string; field: boolean };

export function ResetPasswordForm({ token }: { token: string }) {
  const t = useTranslations("passwordReset");
  const [state, setState] = useState<State>({ kind: "idle" });
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = new FormData(event.currentTarget).get("password");
    setPending(true);
    try {
      const res = await fetch("/api/password-reset", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ token, password: typeof password === "string" ? password : "" }),
      });
      const answer = answerSchema.safeParse(await res.json());
      if (answer.success && answer.data.ok) setState({ kind: "done" });
      else setState({ kind: "error", message: answer.success ? (answer.data.message ?? t("unreachable")) : t("unreachable"), field: answer.success && answer.data.field === "password" });
    } catch {
      setState({ kind: "error", message: t("unreachable"), field: false });
    }
    setPending(false);
  }

  if (state.kind === "done")
    return (
      <div className="stack" role="status">
        <p>
          <strong>{t("reset.done")}</strong>
        </p>
        <p>
          <Link className="button" href="/signin">
            {t("reset.signIn")}
          </Link>
        </p>
      </div>
    );
  const fieldError = state.kind === "error" && state.field ? state.message : null;
  return (
    <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate>
      {state.kind === "error" && !state.field && (
        <p className="alert" role="alert">
          {state.message}
        </p>
      )}
      <div className="field">
        <label htmlFor="reset-password">{t("reset.newPassword")}</label>
        <input
          id="reset-password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          aria-invalid={fieldError ? true : undefined}
          aria-describedby={fieldError ? "reset-password-error" : "reset-password-hint"}
        />
        <p id="reset-password-hint" className="field__hint">
          {t("reset.hint")}
        </p>
        {fieldError && (
          <p id="reset-password-error" className="field__error">
            {fieldError}
          </p>
        )}
      </div>
      <button type="submit" className="button" disabled={pending}>
        {t("reset.submit")}
      </button>
    </form>
  );
}
