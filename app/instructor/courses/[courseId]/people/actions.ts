"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireInstructor } from "@/lib/auth/session";
import { isAccessError } from "@/lib/data/access";
import { coTeacherInvitationSchema, createCoTeacherInvitation, revokeInvitation } from "@/lib/data/invitations";
import { issueStudentResetLink, studentResetSchema } from "@/lib/data/password-resets";
import { guardedForStaff, readerText } from "@/lib/http/action-result";
import { userText } from "@/lib/i18n/user-text";
import type { InvitationFormState } from "@/components/accounts/invitation-form";
import type { ResetLinkState } from "@/components/accounts/reset-link-forms";

// The people page's actions (issue 21): thin over lib/data, which checks who may.

export async function inviteCoTeacherAction(_prev: InvitationFormState, form: FormData): Promise<InvitationFormState> {
  const parsed = coTeacherInvitationSchema.safeParse({ courseId: form.get("courseId"), note: form.get("note") ?? "" });
  if (!parsed.success) return { ok: false, message: await readerText(parsed.error.issues[0]?.message ?? userText("errors.serverError")) };
  return guardedForStaff(async () => {
    const created = await createCoTeacherInvitation(await requireInstructor(), parsed.data);
    revalidatePath(`/instructor/courses/${parsed.data.courseId}/people`);
    return { ok: true as const, path: created.path, expiresAt: created.expiresAt.toISOString() };
  });
}

export async function studentResetLinkAction(_prev: ResetLinkState, form: FormData): Promise<ResetLinkState> {
  const parsed = studentResetSchema.safeParse({ courseId: form.get("courseId"), userId: form.get("userId") });
  if (!parsed.success) return { ok: false, message: await readerText(userText("errors.serverError")) };
  return guardedForStaff(async () => {
    const issued = await issueStudentResetLink(await requireInstructor(), parsed.data);
    return { ok: true as const, path: issued.path, expiresAt: issued.expiresAt.toISOString(), email: issued.email };
  });
}

const revokeSchema = z.object({ invitationId: z.string().min(1).max(64), back: z.string().regex(/^\/instructor\/[\w/-]*$/) });

/** Revokes an open invitation (course owner for co-instructor links, administrators for instructor links). */
export async function revokeInvitationAction(form: FormData): Promise<void> {
  const parsed = revokeSchema.safeParse({ invitationId: form.get("invitationId"), back: form.get("back") });
  if (!parsed.success) return;
  try {
    await revokeInvitation(await requireInstructor(), parsed.data.invitationId);
  } catch (e) {
    // Someone else's invitation (or a session that ended): nothing changes, the page shows the truth.
    if (!isAccessError(e)) throw e;
  }
  revalidatePath(parsed.data.back);
}
