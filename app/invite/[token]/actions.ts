"use server";

import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { acceptInvitation } from "@/lib/data/invitations";
import { guarded, type ActionFailure } from "@/lib/http/action-result";

export type AcceptState = ActionFailure | null;

/** The signed-in user accepts the invitation of the link they opened (decision 120). */
export async function acceptInvitationAction(_prev: AcceptState, form: FormData): Promise<AcceptState> {
  const token = form.get("token");
  const result = await guarded(async () => acceptInvitation(await requireUser(), typeof token === "string" ? token : ""));
  if (!result.ok) return { ok: false, message: result.message };
  // The instructor home lists the course just joined (or, for a new instructor, the way to create one).
  redirect("/instructor");
}
