"use server";

import { signUpSchema, createUser } from "@/lib/data/users";

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
