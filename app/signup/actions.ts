"use server";

import { headers } from "next/headers";
import { clientIp } from "@/lib/auth/client-ip";
import { signUpSchema, createUser } from "@/lib/data/users";
import { consumeSignUpBudget } from "./_server/limits";

export interface SignUpState {
  ok: boolean;
  /** Per-field messages, shown under each input. */
  fieldErrors: Partial<Record<"email" | "password" | "name", string>>;
  message: string | null;
}

// A server action is a public POST endpoint: validate everything, trust nothing from the form.
export async function signUpAction(_previous: SignUpState, formData: FormData): Promise<SignUpState> {
  const parsed = signUpSchema.safeParse({
    email: formData.get("email") ?? "",
    password: formData.get("password") ?? "",
    name: formData.get("name") ?? undefined,
  });
  if (!parsed.success) {
    const fieldErrors: SignUpState["fieldErrors"] = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if ((field === "email" || field === "password" || field === "name") && !fieldErrors[field]) {
        fieldErrors[field] = issue.message;
      }
    }
    return { ok: false, fieldErrors, message: "Please fix the highlighted fields." };
  }
  // Counted only once the input is valid, as sign-in counts only well-formed attempts, so typos
  // cost nothing; counted before createUser, so a refused attempt costs no bcrypt hash. Unlike
  // sign-in, success is not forgiven: a new account is exactly what this limits.
  const budget = consumeSignUpBudget(clientIp(await headers()), parsed.data.email);
  if (!budget.allowed) {
    return { ok: false, fieldErrors: {}, message: `Too many sign-up attempts, try again in ${budget.retryAfterSeconds} s` };
  }
  const result = await createUser(parsed.data);
  if (!result.ok) {
    return {
      ok: false,
      fieldErrors: { email: "An account with this email already exists. Sign in instead." },
      message: null,
    };
  }
  return { ok: true, fieldErrors: {}, message: null };
}
