"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireInstructor } from "@/lib/auth/session";
import { courseFieldErrors, regenerateJoinCode, setCourseArchived, updateCourse, updateCourseSchema } from "@/lib/data/courses-admin";
import { guardedForStaff, readerFieldErrors, readerText } from "@/lib/http/action-result";
import { userText } from "@/lib/i18n/user-text";
import type { CourseFormState } from "@/components/instructor/course-form";
import type { RegenerateState } from "@/components/instructor/join-panel";
import type { ArchiveState } from "@/components/instructor/archive-panel";

// The course settings page's actions (issue 21, decision 122): thin over lib/data, which checks who may.

const courseIdSchema = z.string().min(1).max(64);

/** Every page that lists or shows the course. */
function revalidateCourse(courseId: string) {
  revalidatePath("/");
  revalidatePath("/instructor");
  revalidatePath(`/instructor/courses/${courseId}`, "layout");
  revalidatePath("/courses", "layout");
}

export async function updateCourseAction(_prev: CourseFormState, form: FormData): Promise<CourseFormState> {
  const parsed = updateCourseSchema.safeParse({ courseId: form.get("courseId"), title: form.get("title"), slug: form.get("slug"), description: form.get("description") ?? "" });
  if (!parsed.success) {
    if (parsed.error.issues.some((i) => i.path[0] === "courseId")) return { ok: false, message: await readerText(userText("instructor.invalidInput")) };
    return { ok: false, errors: await readerFieldErrors(courseFieldErrors(parsed.error.issues)) };
  }
  return guardedForStaff(async () => {
    const result = await updateCourse(await requireInstructor(), parsed.data);
    if (result.ok) revalidateCourse(result.course.id);
    return result;
  });
}

export async function regenerateJoinCodeAction(_prev: RegenerateState, form: FormData): Promise<RegenerateState> {
  const parsed = courseIdSchema.safeParse(form.get("courseId"));
  if (!parsed.success) return { ok: false, message: await readerText(userText("instructor.invalidInput")) };
  return guardedForStaff(async () => {
    const { joinCode } = await regenerateJoinCode(await requireInstructor(), parsed.data);
    revalidateCourse(parsed.data);
    return { ok: true as const, joinCode };
  });
}

const archiveSchema = z.object({ courseId: courseIdSchema, archived: z.enum(["true", "false"]).transform((v) => v === "true") });

/** Archive (archived=true) or restore (archived=false): the settings page and the instructor home's Archived list. */
export async function setCourseArchivedAction(_prev: ArchiveState, form: FormData): Promise<ArchiveState> {
  const parsed = archiveSchema.safeParse({ courseId: form.get("courseId"), archived: form.get("archived") });
  if (!parsed.success) return { ok: false, message: await readerText(userText("instructor.invalidInput")) };
  return guardedForStaff(async () => {
    await setCourseArchived(await requireInstructor(), parsed.data.courseId, parsed.data.archived);
    revalidateCourse(parsed.data.courseId);
    return { ok: true as const };
  });
}
