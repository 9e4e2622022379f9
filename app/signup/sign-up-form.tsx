"use client";

import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { z } from "zod";
import { formText } from "@/lib/auth/form-text";
import { safeReturnPath } from "@/lib/auth/return-path";
import type { SignUpOutcome } from "@/lib/auth/sign-up";

type SignUpState = Omit<SignUpOutcome, "status">;

const initialState: SignUpState = { ok: false, fieldErrors: {}, message: null };

const answerSchema = z.object({
  ok: z.boolean(),
  fieldErrors: z.object({ email: z.string(), password: z.string(), name: z.string() }).partial(),
  message: z.string().nullable(),
});

/** POST /api/signup (pages/api/signup.ts): the answer (in the page's language), or null when the server is unreachable. */
async function postSignUp(form: FormData): Promise<SignUpState | null> {
  try {
    const res = await fetch("/api/signup", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: formText(form, "email"), password: formText(form, "password"), name: formText(form, "name") }),
    });
    const answer = answerSchema.safeParse(await res.json());
    if (answer.success) return answer.data;
  } catch {
    // network failure or a non-JSON answer: the message below
  }
  return null;
}

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p id={id} className="field__error">
      {message}
    </p>
  ) : null;
}

export function SignUpForm({ returnTo }: { returnTo?: string } = {}) {
  const t = useTranslations("auth");
  const router = useRouter();
  const [state, setState] = useState<SignUpState>(initialState);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    const answer = (await postSignUp(form)) ?? { ok: false, fieldErrors: {}, message: t("unreachable") };
    setState(answer);
    if (!answer.ok) {
      setPending(false);
      return;
    }
    // The account exists now; sign in with what was typed so the user lands on their home page.
    const result = await signIn("credentials", { email: formText(form, "email"), password: formText(form, "password"), redirect: false });
    router.replace(result?.ok ? safeReturnPath(returnTo) : "/signin");
    router.refresh();
  }

  const { fieldErrors } = state;
  return (
    <form onSubmit={(e) => void onSubmit(e)} className="form" noValidate>
      {state.message && (
        <p className="alert" role="alert">
          {state.message}
        </p>
      )}
      <div className="field">
        <label htmlFor="signup-email">{t("email")}</label>
        <input
          id="signup-email"
          name="email"
          type="email"
          autoComplete="email"
          required
          aria-invalid={fieldErrors.email ? true : undefined}
          aria-describedby={fieldErrors.email ? "signup-email-error" : undefined}
        />
        <FieldError id="signup-email-error" message={fieldErrors.email} />
      </div>
      <div className="field">
        <label htmlFor="signup-name">{t("nameOptional")}</label>
        <input
          id="signup-name"
          name="name"
          type="text"
          autoComplete="name"
          aria-invalid={fieldErrors.name ? true : undefined}
          aria-describedby={fieldErrors.name ? "signup-name-error" : undefined}
        />
        <FieldError id="signup-name-error" message={fieldErrors.name} />
      </div>
      <div className="field">
        <label htmlFor="signup-password">{t("password")}</label>
        <input
          id="signup-password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          aria-invalid={fieldErrors.password ? true : undefined}
          aria-describedby={fieldErrors.password ? "signup-password-error" : "signup-password-hint"}
        />
        <p id="signup-password-hint" className="field__hint">
          {t("passwordHint")}
        </p>
        <FieldError id="signup-password-error" message={fieldErrors.password} />
      </div>
      <button type="submit" className="button" disabled={pending || state.ok}>
        {t("createAccount")}
      </button>
    </form>
  );
}
