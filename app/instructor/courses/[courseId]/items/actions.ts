"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireInstructor } from "@/lib/auth/session";
import {
  draftInputSchema,
  importItemArchive,
  moveItem,
  previewDraft,
  publishDraft,
  runDraftCode,
  runDraftInputSchema,
  type RunDraftResult,
  setItemHidden,
  validateDraft,
  type ImportResult,
  type PreviewDto,
  type PublishResult,
  type ValidationDto,
} from "@/lib/data/authoring";
import { applyRegrade, dryRunRegrade, type RegradeDto } from "@/lib/data/regrade";
import { MAX_ARCHIVE_BYTES } from "@/lib/exercises/package-archive";
import { submissionQueue } from "@/lib/submissions";
import { guardedForStaff, type ActionFailure, readerText } from "@/lib/http/action-result";
import { userText } from "@/lib/i18n/user-text";
import { readingViewer } from "@/lib/i18n/reading-viewer";

// Thin server actions of the authoring pages: zod-parse, authorize + act in lib/data, revalidate.

const invalid = async (error: z.ZodError): Promise<ActionFailure> => ({
  ok: false,
  message: await readerText(error.issues.map((i) => `${i.path.map(String).join(".") || "input"}: ${i.message}`).join("; ")),
});

export async function validateDraftAction(input: unknown): Promise<({ ok: true } & { validation: ValidationDto }) | ActionFailure> {
  const parsed = draftInputSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return guardedForStaff(async () => ({ ok: true as const, validation: await validateDraft(await requireInstructor(), parsed.data, submissionQueue().grader) }));
}

export async function publishDraftAction(input: unknown): Promise<PublishResult | ActionFailure> {
  const parsed = draftInputSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return guardedForStaff(async () => {
    const result = await publishDraft(await requireInstructor(), parsed.data, submissionQueue().grader);
    if (result.ok) revalidatePath(`/instructor/courses/${parsed.data.courseId}`, "layout");
    return result;
  });
}

export async function previewDraftAction(input: unknown): Promise<PreviewDto | ActionFailure> {
  const parsed = draftInputSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return guardedForStaff(async () => previewDraft(await readingViewer(await requireInstructor()), parsed.data, submissionQueue().grader));
}

export async function runDraftCodeAction(input: unknown): Promise<RunDraftResult | ActionFailure> {
  const parsed = runDraftInputSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return guardedForStaff(async () => runDraftCode(await readingViewer(await requireInstructor()), parsed.data, submissionQueue().grader));
}

const itemRef = z.object({ courseId: z.string().min(1).max(64), exerciseId: z.string().min(1).max(64) });

export async function moveItemAction(form: FormData): Promise<void> {
  const parsed = itemRef.extend({ direction: z.enum(["up", "down"]) }).safeParse(Object.fromEntries(form));
  if (!parsed.success) return;
  await moveItem(await requireInstructor(), parsed.data.exerciseId, parsed.data.direction);
  revalidatePath(`/instructor/courses/${parsed.data.courseId}/items`);
}

const visibilitySchema = itemRef.extend({ hidden: z.boolean() });

/** The editor's "Show to students" / "Hide from students" (the item list posts a form instead). */
export async function setVisibilityAction(input: unknown): Promise<{ ok: true } | ActionFailure> {
  const parsed = visibilitySchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return guardedForStaff(async () => {
    await setItemHidden(await requireInstructor(), parsed.data.exerciseId, parsed.data.hidden);
    revalidatePath(`/instructor/courses/${parsed.data.courseId}`, "layout");
    return { ok: true as const };
  });
}

export async function setHiddenAction(form: FormData): Promise<void> {
  const parsed = itemRef.extend({ hidden: z.enum(["true", "false"]) }).safeParse(Object.fromEntries(form));
  if (!parsed.success) return;
  await setItemHidden(await requireInstructor(), parsed.data.exerciseId, parsed.data.hidden === "true");
  revalidatePath(`/instructor/courses/${parsed.data.courseId}`, "layout");
}

const importSchema = z.object({
  courseId: z.string().min(1).max(64),
  archive: z
    .instanceof(File, { message: userText("instructorItems.chooseArchive") })
    .refine((f) => f.size > 0, userText("instructorItems.chooseArchive"))
    .refine((f) => f.size <= MAX_ARCHIVE_BYTES, userText("instructorItems.archiveTooLarge")),
  /** "Import as a copy": a new slug and id, never the existing item's (decision 123). */
  asCopy: z.enum(["true", "false"]),
});

export async function importArchiveAction(form: FormData): Promise<ImportResult | ActionFailure> {
  const parsed = importSchema.safeParse({ courseId: form.get("courseId"), archive: form.get("archive"), asCopy: form.get("asCopy") ?? "false" });
  if (!parsed.success) return invalid(parsed.error);
  const { courseId, archive, asCopy } = parsed.data;
  return guardedForStaff(async () => importItemArchive(await requireInstructor(), courseId, new Uint8Array(await archive.arrayBuffer()), submissionQueue().grader, { asCopy: asCopy === "true" }));
}

// keepHigher: leave an attempt as it was when the new version scores it lower (decision 126).
const regradeSchema = z.object({ exerciseId: z.string().min(1).max(64), keepHigher: z.boolean().default(false) });

export async function regradeDryRunAction(input: unknown): Promise<({ ok: true } & { regrade: RegradeDto }) | ActionFailure> {
  const parsed = regradeSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return guardedForStaff(async () => ({ ok: true as const, regrade: await dryRunRegrade(await requireInstructor(), parsed.data.exerciseId, submissionQueue().grader, { keepHigher: parsed.data.keepHigher }) }));
}

export async function regradeApplyAction(input: unknown): Promise<({ ok: true } & { regrade: RegradeDto }) | ActionFailure> {
  const parsed = regradeSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return guardedForStaff(async () => {
    const regrade = await applyRegrade(await requireInstructor(), parsed.data.exerciseId, submissionQueue().grader, { keepHigher: parsed.data.keepHigher });
    revalidatePath("/instructor", "layout");
    return { ok: true as const, regrade };
  });
}
