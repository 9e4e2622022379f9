"use client";

import { signIn } from "next-auth/react";
import { formText } from "@/lib/auth/form-text";
import { useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { safeReturnPath } from "@/lib/auth/return-path";

// Same message for an unknown email and a wrong password: the form must not reveal which accounts exist.
const WRONG_CREDENTIALS = "Incorrect email or password.";

export function SignInForm() {
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
    // Rate-limit and busy refusals ("Too many ...") say when to retry; anything else is the same
    // message for an unknown email and a wrong password.
    setError(message.startsWith("Too many ") ? message : WRONG_CREDENTIALS);
  }

  return (
    <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate>
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
      <div className="field">
        <label htmlFor="signin-email">Email</label>
        <input id="signin-email" name="email" type="email" autoComplete="email" required autoFocus />
      </div>
      <div className="field">
        <label htmlFor="signin-password">Password</label>
        <input id="signin-password" name="password" type="password" autoComplete="current-password" required />
      </div>
      <button type="submit" className="button" disabled={pending}>
        Sign in
      </button>
    </form>
  );
}
