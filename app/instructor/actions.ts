"use server";

import { revalidatePath } from "next/cache";
import { requireInstructor } from "@/lib/auth/session";
import { createCourse, createCourseSchema, type CreateCourseResult } from "@/lib/data/courses-admin";
import { guarded, type ActionFailure } from "./_server/guard";

export type CreateCourseState = CreateCourseResult | ActionFailure | null;

export async function createCourseAction(_prev: CreateCourseState, form: FormData): Promise<CreateCourseState> {
  const parsed = createCourseSchema.safeParse({ title: form.get("title"), slug: form.get("slug"), description: form.get("description") ?? "" });
  if (!parsed.success) {
    const errors: Partial<Record<"title" | "slug" | "description", string>> = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path[0];
      if ((key === "title" || key === "slug" || key === "description") && !errors[key]) errors[key] = issue.message;
    }
    return { ok: false, errors };
  }
  return guarded(async () => {
    const result = await createCourse(await requireInstructor(), parsed.data);
    if (result.ok) revalidatePath("/instructor");
    return result;
  });
}
