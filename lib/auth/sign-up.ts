import "server-only";
import { PasswordHashingBusy } from "@/lib/data/passwords";
import { createUser, signUpSchema } from "@/lib/data/users";
import { userText } from "@/lib/i18n/user-text";
import type { Locale } from "@/lib/i18n/locales";
import { rateLimits } from "./rate-limits";

export type SignUpField = "email" | "password" | "name";

/**
 * What the sign-up form shows: per-field messages under the inputs, or one message above them.
 * Messages may carry userText references: pages/api/signup.ts translates them.
 */
export interface SignUpOutcome {
  ok: boolean;
  fieldErrors: Partial<Record<SignUpField, string>>;
  message: string | null;
  /** HTTP status of the answer (pages/api/signup.ts). */
  status: 201 | 400 | 409 | 429 | 503;
}

/** A new student account for a sign-up form sent from `address` (the client's, decision 060). */
export async function signUp(raw: unknown, address: string, locale: Locale | null = null): Promise<SignUpOutcome> {
  const parsed = signUpSchema.safeParse(raw);
  if (!parsed.success) {
    const fieldErrors: SignUpOutcome["fieldErrors"] = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if ((field === "email" || field === "password" || field === "name") && !fieldErrors[field]) fieldErrors[field] = issue.message;
    }
    return { ok: false, fieldErrors, message: userText("errors.fixFields"), status: 400 };
  }
  // Counted only once the input is valid, as sign-in counts only well-formed attempts, so typos
  // cost nothing; counted before createUser, so a refused attempt costs no bcrypt hash. Unlike
  // sign-in, success is not forgiven: a new account is exactly what this limits.
  const budget = await rateLimits().signUp(address, parsed.data.email);
  if (!budget.allowed) return { ok: false, fieldErrors: {}, message: userText("errors.tooManySignUps", { seconds: budget.retryAfterSeconds }), status: 429 };
  let result: Awaited<ReturnType<typeof createUser>>;
  try {
    result = await createUser(parsed.data, "student", locale);
  } catch (e) {
    if (!(e instanceof PasswordHashingBusy)) throw e;
    return { ok: false, fieldErrors: {}, message: userText("errors.signUpBusy"), status: 503 };
  }
  if (!result.ok) return { ok: false, fieldErrors: { email: userText("errors.emailTaken") }, message: null, status: 409 };
  return { ok: true, fieldErrors: {}, message: null, status: 201 };
}
