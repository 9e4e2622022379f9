"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getViewer } from "@/lib/auth/session";
import { joinCourseByCode } from "@/lib/data/enrollment";

export type JoinState = { message: string | null; code: string };

const joinFormSchema = z.object({ code: z.string().max(200) });

/** useActionState action of the join form; redirects to the course on success. */
export async function joinCourseAction(_prev: JoinState, formData: FormData): Promise<JoinState> {
  const parsed = joinFormSchema.safeParse({ code: formData.get("code") ?? "" });
  if (!parsed.success) return { message: "Enter the join code from your instructor.", code: "" };
  const viewer = await getViewer();
  if (!viewer) return { message: "Sign in first, then enter the code.", code: parsed.data.code };
  const result = await joinCourseByCode(viewer, parsed.data.code);
  if (!result.ok) return { message: result.message, code: parsed.data.code };
  revalidatePath("/");
  revalidatePath("/courses");
  redirect(`/courses/${result.slug}`);
}
