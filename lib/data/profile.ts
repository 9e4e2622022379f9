import "server-only";
import { z } from "zod";
import { db } from "./db";
import { assertUser, type Viewer } from "./access";
import { hasNoNul } from "./sql";
import { userText } from "@/lib/i18n/user-text";

// The account page's name (issue 21): what instructors see in rosters and the gradebook.

export const ownNameSchema = z.object({
  name: z
    .string()
    .trim()
    .max(100, userText("errors.nameTooLong", { max: 100 }))
    .refine(hasNoNul, userText("errors.noNul")),
});

/** The viewer's display name; an empty one clears it (the email is shown instead). */
export async function setOwnName(viewer: Viewer | null, input: z.output<typeof ownNameSchema>): Promise<{ ok: true; message: string }> {
  const user = assertUser(viewer);
  await db().user.update({ where: { id: user.id }, data: { name: input.name === "" ? null : input.name } });
  return { ok: true, message: userText("profile.saved") };
}
