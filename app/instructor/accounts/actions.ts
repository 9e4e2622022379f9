"use server";

import { requireInstructor } from "@/lib/auth/session";
import { createInstructorInvitation, instructorInvitationSchema } from "@/lib/data/invitations";
import { adminResetSchema, issueResetLinkAsAdmin } from "@/lib/data/password-resets";
import { guardedForStaff, readerText } from "@/lib/http/action-result";
import { userText } from "@/lib/i18n/user-text";
import { revalidatePath } from "next/cache";
import type { InvitationFormState } from "@/components/accounts/invitation-form";
import type { ResetLinkState } from "@/components/accounts/reset-link-forms";

// Site administrators' account actions (decisions 120-121): lib/data checks the administrator.

export async function inviteInstructorAction(_prev: InvitationFormState, form: FormData): Promise<InvitationFormState> {
  const parsed = instructorInvitationSchema.safeParse({ note: form.get("note") ?? "" });
  if (!parsed.success) return { ok: false, message: await readerText(parsed.error.issues[0]?.message ?? userText("errors.serverError")) };
  return guardedForStaff(async () => {
    const created = await createInstructorInvitation(await requireInstructor(), parsed.data);
    revalidatePath("/instructor/accounts");
    return { ok: true as const, path: created.path, expiresAt: created.expiresAt.toISOString() };
  });
}

export async function adminResetLinkAction(_prev: ResetLinkState, form: FormData): Promise<ResetLinkState> {
  const parsed = adminResetSchema.safeParse({ email: form.get("email") ?? "" });
  if (!parsed.success) return { ok: false, message: await readerText(parsed.error.issues[0]?.message ?? userText("errors.emailInvalid")) };
  return guardedForStaff(async () => {
    const result = await issueResetLinkAsAdmin(await requireInstructor(), parsed.data);
    if (!result.ok) return result;
    return { ok: true as const, path: result.reset.path, expiresAt: result.reset.expiresAt.toISOString(), email: result.reset.email };
  });
}
