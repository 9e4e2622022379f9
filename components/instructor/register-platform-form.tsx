"use client";

import { useActionState } from "react";

export interface RegisterPlatformFormState {
  ok: boolean;
  message: string;
  /** What was typed, so a refused form comes back filled in. */
  values: Record<string, string>;
}

const FIELDS: { name: string; label: string; placeholder?: string; multiline?: boolean; required?: boolean }[] = [
  { name: "name", label: "Name", placeholder: "Moodle of Example University", required: true },
  { name: "issuer", label: "Issuer (platform id)", placeholder: "https://moodle.example.edu", required: true },
  { name: "clientId", label: "Client id", required: true },
  { name: "deploymentIds", label: "Deployment ids (one per line or comma-separated)", multiline: true, required: true },
  { name: "authLoginUrl", label: "Authentication request URL (OIDC auth)", placeholder: "https://moodle.example.edu/mod/lti/auth.php", required: true },
  { name: "tokenUrl", label: "Access token URL", placeholder: "https://moodle.example.edu/mod/lti/token.php", required: true },
  { name: "jwksUrl", label: "Public keyset (JWKS) URL", placeholder: "https://moodle.example.edu/mod/lti/certs.php", required: true },
  { name: "tokenAudience", label: "Token audience (only if the LMS names one)" },
  { name: "frameOrigins", label: "More origins that show Chainrule in a frame (e.g. https://school.instructure.com)", multiline: true },
];

/** Register an LMS platform (docs/lti.md); the server action is passed in by the page. */
export function RegisterPlatformForm({ action }: { action: (prev: RegisterPlatformFormState | null, form: FormData) => Promise<RegisterPlatformFormState> }) {
  const [state, formAction, pending] = useActionState(action, null);
  const values = state && !state.ok ? state.values : {};
  return (
    <form action={formAction} className="card stack" aria-labelledby="register">
      <h2 id="register">Register a platform</h2>
      <p className="muted">The LMS shows these values when you add Chainrule as an LTI 1.3 tool. Registering the same issuer and client id again updates it.</p>
      {FIELDS.map((f) => (
        <label key={f.name} className="field">
          {f.label}
          {f.multiline ? (
            <textarea name={f.name} rows={2} required={f.required} defaultValue={values[f.name] ?? ""} />
          ) : (
            <input name={f.name} required={f.required} placeholder={f.placeholder} defaultValue={values[f.name] ?? ""} />
          )}
        </label>
      ))}
      <label>
        <input type="checkbox" name="trustEmail" defaultChecked={values.trustEmail === "on"} /> The LMS vouches for its users&apos; emails: link launches to existing accounts with the same email
      </label>
      <div>
        <button className="button" type="submit" disabled={pending}>
          {pending ? "Registering…" : "Register"}
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
