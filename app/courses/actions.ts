"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getViewer } from "@/lib/auth/session";
import { isAccessError } from "@/lib/data/access";
import { joinCourseByCode } from "@/lib/data/enrollment";
import { startExam } from "@/lib/data/exams";
import { readerText } from "@/lib/http/action-result";
import { userText } from "@/lib/i18n/user-text";
import type { StartExamState } from "@/components/course/start-exam-button";

export type JoinState = { message: string | null; code: string };

const joinFormSchema = z.object({ code: z.string().max(200) });

/** useActionState action of the join form; redirects to the course on success. */
export async function joinCourseAction(_prev: JoinState, formData: FormData): Promise<JoinState> {
  const parsed = joinFormSchema.safeParse({ code: formData.get("code") ?? "" });
  if (!parsed.success) return { message: await readerText(userText("courses.enterCode")), code: "" };
  const viewer = await getViewer();
  if (!viewer) return { message: await readerText(userText("courses.signInFirst")), code: parsed.data.code };
  const result = await joinCourseByCode(viewer, parsed.data.code);
  if (!result.ok) return { message: await readerText(result.message), code: parsed.data.code };
  revalidatePath("/");
  revalidatePath("/courses");
  redirect(`/courses/${result.slug}`);
}

const startExamSchema = z.object({ assignmentId: z.string().min(1).max(64) });

/** "Start exam" on a course or item page: the student's exam time counts from now. */
export async function startExamAction(_prev: StartExamState, formData: FormData): Promise<StartExamState> {
  const parsed = startExamSchema.safeParse({ assignmentId: formData.get("assignmentId") });
  if (!parsed.success) return { message: await readerText(userText("courses.noSuchExam")) };
  const viewer = await getViewer();
  if (!viewer) return { message: await readerText(userText("errors.sessionEnded")) };
  try {
    const started = await startExam(viewer, parsed.data.assignmentId);
    if (!started.ok) return { message: await readerText(started.message) };
  } catch (e) {
    if (isAccessError(e)) return { message: await readerText(e.message) };
    throw e;
  }
  revalidatePath("/courses", "layout");
  return { message: null };
}
