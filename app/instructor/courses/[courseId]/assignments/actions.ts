"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireInstructor } from "@/lib/auth/session";
import {
  assignmentInputSchema,
  deleteAssignment,
  previewAssignment,
  previewDeleteAssignment,
  saveAssignment,
  setCourseTimeZone,
  timeZoneInputSchema,
  type ChangePreview,
  type PreviewResult,
} from "@/lib/data/assignments";
import { previewReleaseResults, releaseResults, type ReleasePreview } from "@/lib/data/exams";
import {
  allowanceInputSchema,
  applyExtension,
  applyExtensionCsv,
  dryRunExtensionCsv,
  extensionCsvInputSchema,
  extensionInputSchema,
  previewExtension,
  resetItemAttempts,
  setExtraAttempts,
  type CsvResult,
  type ExtensionPreviewResult,
} from "@/lib/data/extensions";
import type { FormState } from "@/components/instructor/extension-forms";
import { guardedForStaff, type ActionFailure, readerText } from "@/lib/http/action-result";
import { userText } from "@/lib/i18n/user-text";
import { readingViewer } from "@/lib/i18n/reading-viewer";

// Item titles in previews follow the request's language (the stored column is null until chosen).
const reader = async () => readingViewer(await requireInstructor());

// Thin server actions of the course-running pages: zod at the boundary, authorization and the work
// in lib/data (assignments, extensions, exams), then revalidate what shows credited scores.

const invalid = async (error: z.ZodError): Promise<ActionFailure> => ({
  ok: false,
  message: await readerText(error.issues.map((i) => `${i.path.map(String).join(".") || "input"}: ${i.message}`).join("; ")),
});

/** Every page that shows a credited score or a due time of this course. */
function revalidateCourse(courseId: string): void {
  revalidatePath(`/instructor/courses/${courseId}`, "layout");
  revalidatePath("/courses", "layout");
  revalidatePath("/progress");
}

export async function previewAssignmentAction(input: unknown): Promise<PreviewResult | ActionFailure> {
  const parsed = assignmentInputSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return guardedForStaff(async () => previewAssignment(await reader(), parsed.data));
}

export async function saveAssignmentAction(input: unknown): Promise<(PreviewResult & { assignmentId?: string }) | ActionFailure> {
  const parsed = assignmentInputSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return guardedForStaff(async () => {
    const result = await saveAssignment(await reader(), parsed.data);
    if (result.ok) revalidateCourse(parsed.data.courseId);
    return result;
  });
}

const assignmentRef = z.object({ courseId: z.string().min(1).max(64), assignmentId: z.string().min(1).max(64) });

export async function previewDeleteAssignmentAction(input: unknown): Promise<{ ok: true; preview: ChangePreview } | ActionFailure> {
  const parsed = assignmentRef.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return guardedForStaff(async () => ({ ok: true as const, preview: await previewDeleteAssignment(await reader(), parsed.data.assignmentId) }));
}

export async function deleteAssignmentAction(input: unknown): Promise<{ ok: true; preview: ChangePreview } | ActionFailure> {
  const parsed = assignmentRef.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return guardedForStaff(async () => {
    const preview = await deleteAssignment(await reader(), parsed.data.assignmentId);
    revalidateCourse(parsed.data.courseId);
    return { ok: true as const, preview };
  });
}

export async function setTimeZoneAction(_prev: FormState, form: FormData): Promise<FormState> {
  const parsed = timeZoneInputSchema.safeParse({ courseId: form.get("courseId"), timeZone: form.get("timeZone") });
  if (!parsed.success) return { ok: false, message: await readerText(parsed.error.issues[0]?.message ?? userText("instructorAssignments.invalidTimeZone")) };
  return guardedForStaff(async () => {
    await setCourseTimeZone(await reader(), parsed.data);
    revalidateCourse(parsed.data.courseId);
    return { ok: true, message: userText("instructorAssignments.timeZoneSet", { timeZone: parsed.data.timeZone }) };
  });
}

const extensionAction = extensionInputSchema.extend({ courseId: z.string().min(1).max(64) });

export async function previewExtensionAction(input: unknown): Promise<ExtensionPreviewResult | ActionFailure> {
  const parsed = extensionAction.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return guardedForStaff(async () => previewExtension(await reader(), parsed.data));
}

export async function applyExtensionAction(input: unknown): Promise<ExtensionPreviewResult | ActionFailure> {
  const parsed = extensionAction.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return guardedForStaff(async () => {
    const result = await applyExtension(await reader(), parsed.data);
    if (result.ok) revalidateCourse(parsed.data.courseId);
    return result;
  });
}

export async function extensionCsvDryRunAction(input: unknown): Promise<CsvResult | ActionFailure> {
  const parsed = extensionCsvInputSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return guardedForStaff(async () => dryRunExtensionCsv(await reader(), parsed.data));
}

export async function extensionCsvApplyAction(input: unknown): Promise<CsvResult | ActionFailure> {
  const parsed = extensionCsvInputSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return guardedForStaff(async () => {
    const result = await applyExtensionCsv(await reader(), parsed.data);
    if (result.ok) revalidateCourse(parsed.data.courseId);
    return result;
  });
}

export async function releasePreviewAction(input: unknown): Promise<{ ok: true; release: ReleasePreview } | ActionFailure> {
  const parsed = assignmentRef.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return guardedForStaff(async () => ({ ok: true as const, release: await previewReleaseResults(await reader(), parsed.data.assignmentId) }));
}

export async function releaseResultsAction(input: unknown): Promise<{ ok: true; release: ReleasePreview } | ActionFailure> {
  const parsed = assignmentRef.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return guardedForStaff(async () => {
    const release = await releaseResults(await reader(), parsed.data.assignmentId);
    revalidateCourse(parsed.data.courseId);
    return { ok: true as const, release };
  });
}

export async function setExtraAttemptsAction(_prev: FormState, form: FormData): Promise<FormState> {
  const parsed = allowanceInputSchema.extend({ courseId: z.string().min(1).max(64) }).safeParse(Object.fromEntries(form));
  if (!parsed.success) return { ok: false, message: await readerText(parsed.error.issues[0]?.message ?? userText("instructor.invalidInput")) };
  return guardedForStaff(async () => {
    const result = await setExtraAttempts(await reader(), parsed.data);
    revalidateCourse(parsed.data.courseId);
    return result;
  });
}

const resetSchema = z.object({ courseId: z.string().min(1).max(64), exerciseId: z.string().min(1).max(64), userId: z.string().min(1).max(64) });

export async function resetItemAction(_prev: FormState, form: FormData): Promise<FormState> {
  const parsed = resetSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { ok: false, message: await readerText(parsed.error.issues[0]?.message ?? userText("instructor.invalidInput")) };
  return guardedForStaff(async () => {
    const result = await resetItemAttempts(await reader(), parsed.data);
    revalidateCourse(parsed.data.courseId);
    return result;
  });
}
