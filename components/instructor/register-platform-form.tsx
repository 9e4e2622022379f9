"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";

export interface RegisterPlatformFormState {
  ok: boolean;
  message: string;
  /** What was typed, so a refused form comes back filled in. */
  values: Record<string, string>;
}

type FieldName = "name" | "issuer" | "clientId" | "deploymentIds" | "authLoginUrl" | "tokenUrl" | "jwksUrl" | "tokenAudience" | "frameOrigins";

// Labels are messages `field.<name>`; URL placeholders are examples, the same in every language.
const FIELDS: { name: FieldName; placeholder?: string; multiline?: boolean; required?: boolean }[] = [
  { name: "name", required: true },
  { name: "issuer", placeholder: "https://moodle.example.edu", required: true },
  { name: "clientId", required: true },
  { name: "deploymentIds", multiline: true, required: true },
  { name: "authLoginUrl", placeholder: "https://moodle.example.edu/mod/lti/auth.php", required: true },
  { name: "tokenUrl", placeholder: "https://moodle.example.edu/mod/lti/token.php", required: true },
  { name: "jwksUrl", placeholder: "https://moodle.example.edu/mod/lti/certs.php", required: true },
  { name: "tokenAudience" },
  { name: "frameOrigins", multiline: true },
];

/** Register an LMS platform (docs/lti.md); the server action is passed in by the page. */
export function RegisterPlatformForm({ action }: { action: (prev: RegisterPlatformFormState | null, form: FormData) => Promise<RegisterPlatformFormState> }) {
  const t = useTranslations("platformForm");
  const [state, formAction, pending] = useActionState(action, null);
  const values = state && !state.ok ? state.values : {};
  return (
    <form action={formAction} className="card stack" aria-labelledby="register">
      <h2 id="register">{t("heading")}</h2>
      <p className="muted">{t("intro")}</p>
      {FIELDS.map((f) => (
        <label key={f.name} className="field">
          {t(`field.${f.name}`)}
          {f.multiline ? (
            <textarea name={f.name} rows={2} required={f.required} defaultValue={values[f.name] ?? ""} />
          ) : (
            <input name={f.name} required={f.required} placeholder={f.name === "name" ? t("namePlaceholder") : f.placeholder} defaultValue={values[f.name] ?? ""} />
          )}
        </label>
      ))}
      <label>
        <input type="checkbox" name="trustEmail" defaultChecked={values.trustEmail === "on"} /> {t("trustEmail")}
      </label>
      <div>
        <button className="button" type="submit" disabled={pending}>
          {pending ? t("registering") : t("register")}
        </button>
      </div>
      {state?.ok && <p role="status">{state.message}</p>}
      {state && !state.ok && (
        <p role="alert" className="alert">
          {state.message}
        </p>
      )}
    </form>
  );
}
