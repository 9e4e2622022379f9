"use client";

import { signIn } from "next-auth/react";
import { formText } from "@/lib/auth/form-text";
import { useRouter } from "next/navigation";
import { startTransition, useActionState, useEffect, useRef, type FormEvent } from "react";
import { signUpAction, type SignUpState } from "./actions";

const initialState: SignUpState = { ok: false, fieldErrors: {}, message: null };

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p id={id} className="field__error">
      {message}
    </p>
  ) : null;
}

export function SignUpForm() {
  const router = useRouter();
  const [state, formAction, pending] = useActionState(signUpAction, initialState);
  const submitted = useRef<FormData | null>(null);

  // Submitting through onSubmit (not the `action` prop) keeps what was typed on a validation error:
  // React resets uncontrolled fields after an `action` prop submission.
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    submitted.current = form;
    startTransition(() => formAction(form));
  }

  // The account exists now; sign in with what was typed so the user lands on their home page.
  useEffect(() => {
    const form = submitted.current;
    if (!state.ok || !form) return;
    void signIn("credentials", {
      email: formText(form, "email"),
      password: formText(form, "password"),
      redirect: false,
    }).then((result) => {
      router.replace(result?.ok ? "/" : "/signin");
      router.refresh();
    });
  }, [state, router]);

  const { fieldErrors } = state;
  return (
    <form onSubmit={onSubmit} className="form" noValidate>
      {state.message && (
        <p className="alert" role="alert">
          {state.message}
        </p>
      )}
      <div className="field">
        <label htmlFor="signup-email">Email</label>
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
        <label htmlFor="signup-name">Name (optional)</label>
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
        <label htmlFor="signup-password">Password</label>
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
          At least 8 characters.
        </p>
        <FieldError id="signup-password-error" message={fieldErrors.password} />
      </div>
      <button type="submit" className="button" disabled={pending || state.ok}>
        Create account
      </button>
    </form>
  );
}
