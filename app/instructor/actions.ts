"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireInstructor } from "@/lib/auth/session";
import {
  addCoTeacher,
  coTeacherInputSchema,
  createCourse,
  createCourseSchema,
  removeCoTeacher,
  type CoTeacherResult,
  courseFieldErrors,
  type CreateCourseResult,
} from "@/lib/data/courses-admin";
import { guardedForStaff, readerFieldErrors, readerText, type ActionFailure } from "@/lib/http/action-result";
import { userText } from "@/lib/i18n/user-text";

export type CreateCourseState = CreateCourseResult | ActionFailure | null;

export async function createCourseAction(_prev: CreateCourseState, form: FormData): Promise<CreateCourseState> {
  const parsed = createCourseSchema.safeParse({ title: form.get("title"), slug: form.get("slug"), description: form.get("description") ?? "" });
  if (!parsed.success) return { ok: false, errors: await readerFieldErrors(courseFieldErrors(parsed.error.issues)) };
  // guardedForStaff translates the slug's refusal (a userText reference from lib/data) too.
  return guardedForStaff(async () => {
    const result = await createCourse(await requireInstructor(), parsed.data);
    if (result.ok) revalidatePath("/instructor");
    return result;
  });
}

export type CoTeacherState = CoTeacherResult | ActionFailure | null;

/** The course owner adds a co-teacher by email (the form on the instructor home page). */
export async function addCoTeacherAction(_prev: CoTeacherState, form: FormData): Promise<CoTeacherState> {
  const parsed = coTeacherInputSchema.safeParse({ courseId: form.get("courseId"), email: form.get("email") });
  if (!parsed.success) return { ok: false, message: await readerText(parsed.error.issues[0]?.message ?? userText("instructor.invalidInput")) };
  return guardedForStaff(async () => {
    const result = await addCoTeacher(await requireInstructor(), parsed.data);
    if (result.ok) revalidatePath("/instructor");
    return result;
  });
}

const removeCoTeacherSchema = z.object({ courseId: z.string().min(1).max(64), userId: z.string().min(1).max(64) });

export async function removeCoTeacherAction(form: FormData): Promise<void> {
  const parsed = removeCoTeacherSchema.safeParse({ courseId: form.get("courseId"), userId: form.get("userId") });
  if (!parsed.success) return;
  await removeCoTeacher(await requireInstructor(), parsed.data);
  revalidatePath("/instructor");
}
