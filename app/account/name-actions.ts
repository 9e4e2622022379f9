"use server";

import { revalidatePath } from "next/cache";
import { requireUser } from "@/lib/auth/session";
import { ownNameSchema, setOwnName } from "@/lib/data/profile";
import { guarded, readerText } from "@/lib/http/action-result";
import { userText } from "@/lib/i18n/user-text";

export type NameState = { ok: boolean; message: string } | null;

/** The account page's name form (issue 21). */
export async function changeNameAction(_prev: NameState, form: FormData): Promise<NameState> {
  const parsed = ownNameSchema.safeParse({ name: form.get("name") ?? "" });
  if (!parsed.success) return { ok: false, message: await readerText(parsed.error.issues[0]?.message ?? userText("errors.serverError")) };
  return guarded(async () => {
    const result = await setOwnName(await requireUser(), parsed.data);
    revalidatePath("/account");
    return result;
  });
}
