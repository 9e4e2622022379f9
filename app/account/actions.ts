"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { isAccessError, type Viewer } from "@/lib/data/access";
import { endAllSessions } from "@/lib/data/sessions";
import { changeOwnPassword, changePasswordSchema } from "@/lib/data/users";
import { PasswordHashingBusy } from "@/lib/data/passwords";
import { SIGN_IN_PATH } from "@/lib/auth/options";
import { rateLimits } from "@/lib/auth/rate-limits";
import { isSessionCookie, SESSION_COOKIE_NAMES } from "@/lib/auth/session-cookie";
import { readerText } from "@/lib/http/action-result";
import { userText } from "@/lib/i18n/user-text";

// The account page's actions. Both end every session of the account, this browser's included
// (decision 063), so both finish by clearing this browser's cookie and sending it to sign in.

export type ChangePasswordState = { fieldErrors: Partial<Record<"current" | "next", string>>; message: string | null };

async function signOutThisBrowser(): Promise<never> {
  const jar = await cookies();
  for (const { name } of jar.getAll().filter((c) => SESSION_COOKIE_NAMES.some((n) => isSessionCookie(c.name, n)))) {
    // A __Secure- cookie is only replaced by one that is Secure itself.
    jar.set(name, "", { path: "/", maxAge: 0, secure: name.startsWith("__Secure-") });
  }
  redirect(`${SIGN_IN_PATH}?callbackUrl=${encodeURIComponent("/account")}`);
}

export async function changePasswordAction(_prev: ChangePasswordState, form: FormData): Promise<ChangePasswordState> {
  const parsed = changePasswordSchema.safeParse({ current: form.get("current") ?? "", next: form.get("next") ?? "" });
  if (!parsed.success) {
    const fieldErrors: ChangePasswordState["fieldErrors"] = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if ((field === "current" || field === "next") && !fieldErrors[field]) fieldErrors[field] = await readerText(issue.message);
    }
    return { fieldErrors, message: null };
  }
  let viewer: Viewer;
  try {
    viewer = await requireUser();
  } catch (e) {
    if (isAccessError(e)) return { fieldErrors: {}, message: await readerText(userText("errors.sessionEnded")) };
    throw e;
  }
  // Guesses at the current password count against the account like sign-in guesses (decision 062).
  const attempt = await rateLimits().signIn(null, viewer.email);
  if (!attempt.allowed) return { fieldErrors: {}, message: await readerText(userText("errors.tooManyAttempts", { seconds: attempt.retryAfterSeconds })) };
  let result: Awaited<ReturnType<typeof changeOwnPassword>>;
  try {
    result = await changeOwnPassword(viewer, parsed.data);
  } catch (e) {
    if (!(e instanceof PasswordHashingBusy)) throw e;
    await attempt.cancelled();
    return { fieldErrors: {}, message: await readerText(userText("errors.serverBusy")) };
  }
  if (!result.ok) {
    await (result.field === "current" ? attempt.failed() : attempt.cancelled());
    return { fieldErrors: { [result.field]: await readerText(result.message) }, message: null };
  }
  await attempt.succeeded();
  return signOutThisBrowser();
}

export async function signOutEverywhereAction(): Promise<void> {
  try {
    await endAllSessions(await requireUser());
  } catch (e) {
    if (!isAccessError(e)) throw e;
  }
  await signOutThisBrowser();
}
