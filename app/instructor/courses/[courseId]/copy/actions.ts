"use server";

import { revalidatePath } from "next/cache";
import { requireInstructor } from "@/lib/auth/session";
import { copyCourse, copyCourseSchema, type CopyCourseResult } from "@/lib/data/course-copy";
import { guardedForStaff, readerText, type ActionFailure } from "@/lib/http/action-result";

// Thin adapter of "Copy this course": zod-parse the form, copy in lib/data (which authorizes), revalidate.

export type CopyCourseState = CopyCourseResult | ActionFailure | null;

export async function copyCourseAction(_prev: CopyCourseState, form: FormData): Promise<CopyCourseState> {
  const parsed = copyCourseSchema.safeParse({
    courseId: form.get("courseId"),
    title: form.get("title"),
    slug: form.get("slug"),
    shiftDays: form.get("shiftDays") || "0",
  });
  if (!parsed.success) {
    const errors: Partial<Record<"title" | "slug" | "shiftDays", string>> = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path[0];
      if ((key === "title" || key === "slug" || key === "shiftDays") && !errors[key]) errors[key] = await readerText(issue.message);
    }
    return { ok: false, errors };
  }
  return guardedForStaff(async () => {
    const result = await copyCourse(await requireInstructor(), parsed.data);
    if (result.ok) revalidatePath("/instructor", "layout");
    return result;
  });
}
