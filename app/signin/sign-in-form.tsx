"use client";

import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { formText } from "@/lib/auth/form-text";
import { useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { safeReturnPath } from "@/lib/auth/return-path";

// next-auth's sign-in route answers its refusals in English (lib/auth/options.ts; the API's
// clients and tests read them): the form shows them in the reader's language.
const TOO_MANY_ATTEMPTS = /^Too many attempts, try again in (\d+) s$/;
const SIGN_IN_BUSY = /^Too many sign-ins at the moment/;

export function SignInForm() {
  const t = useTranslations("auth");
  const errors = useTranslations("errors");
  const router = useRouter();
  const searchParams = useSearchParams();
  const returnTo = safeReturnPath(searchParams?.get("callbackUrl") ?? null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email: formText(form, "email"),
      password: formText(form, "password"),
      redirect: false,
    });
    if (result?.ok && !result.error) {
      router.replace(returnTo);
      router.refresh();
      return;
    }
    setPending(false);
    const message = result?.error ?? "";
    // Rate-limit and busy refusals say when to retry; anything else is the same message for an
    // unknown email and a wrong password: the form must not reveal which accounts exist.
    const tooMany = TOO_MANY_ATTEMPTS.exec(message);
    if (tooMany) setError(errors("tooManyAttempts", { seconds: Number(tooMany[1]) }));
    else if (SIGN_IN_BUSY.test(message)) setError(errors("signInBusy"));
    else setError(t("wrongCredentials"));
  }

  return (
    <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate>
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
      <div className="field">
        <label htmlFor="signin-email">{t("email")}</label>
        <input id="signin-email" name="email" type="email" autoComplete="email" required autoFocus />
      </div>
      <div className="field">
        <label htmlFor="signin-password">{t("password")}</label>
        <input id="signin-password" name="password" type="password" autoComplete="current-password" required />
      </div>
      <button type="submit" className="button" disabled={pending}>
        {t("signIn")}
      </button>
    </form>
  );
}
