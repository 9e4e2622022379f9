"use client";

import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { z } from "zod";

// /forgot-password when SMTP is configured: posts to /api/forgot-password, whose answer is the
// same whether or not the email has an account.

const answerSchema = z.object({ ok: z.boolean(), message: z.string() });

export function ForgotPasswordForm() {
  const t = useTranslations("passwordReset");
  const [answer, setAnswer] = useState<{ ok: boolean; message: string } | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = new FormData(event.currentTarget).get("email");
    setPending(true);
    try {
      const res = await fetch("/api/forgot-password", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: typeof email === "string" ? email : "" }),
      });
      const parsed = answerSchema.safeParse(await res.json());
      setAnswer(parsed.success ? parsed.data : { ok: false, message: t("unreachable") });
    } catch {
      setAnswer({ ok: false, message: t("unreachable") });
    }
    setPending(false);
  }

  return (
    <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate>
      {answer && (
        <p className={answer.ok ? "" : "alert"} role={answer.ok ? "status" : "alert"}>
          {answer.message}
        </p>
      )}
      <div className="field">
        <label htmlFor="forgot-email">{t("forgot.email")}</label>
        <input id="forgot-email" name="email" type="email" autoComplete="email" required />
      </div>
      <button type="submit" className="button" disabled={pending || answer?.ok === true}>
        {t("forgot.submit")}
      </button>
    </form>
  );
}
