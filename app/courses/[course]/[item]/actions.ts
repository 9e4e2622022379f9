"use server";

import { z } from "zod";
import { requireUser as requireSessionUser } from "@/lib/auth/session";
import { readingViewer } from "@/lib/i18n/reading-viewer";
import { rateLimits } from "@/lib/auth/rate-limits";
import { saveDraft, draftInputSchema } from "@/lib/data/drafts";
import { practiceAnswerInputSchema } from "@/lib/data/practice";
import { codeSubmissionInputSchema, getOwnSubmissionCode, quizAnswerInputSchema, type FinishedSubmission } from "@/lib/data/submissions";
import type { WithheldResult } from "@/lib/data/credit";
import type { GradeResult } from "@/lib/grading/contract";
import type { ItemStanding } from "@/lib/submissions/standing";
import { guarded, readerText, type ActionFailure } from "@/lib/http/action-result";
import { userText } from "@/lib/i18n/user-text";
import { submitCodeAndWait, submitPracticeAnswer, submitQuizAnswer } from "@/lib/submissions";

// Thin server actions of the item page: validate (zod), then lib/submissions (grading) or
// lib/data (drafts, history). Each returns data the page shows; none throws for expected failures.

/** The signed-in viewer, reading in this request's language (results come back in it). */
const requireUser = async () => readingViewer(await requireSessionUser());

const invalid = async (error: z.ZodError): Promise<ActionFailure> => ({ ok: false, message: await readerText(error.issues[0]?.message ?? userText("item.invalidInput")) });

export type GradeCodeResponse = ({ ok: true } & FinishedSubmission) | ActionFailure;

/** "Run tests" (public cases) and "Submit" (hidden cases) share one path; `mode` picks the cases. */
export async function gradeCodeAction(input: { exerciseId: string; code: string; mode: "public" | "hidden" }): Promise<GradeCodeResponse> {
  const parsed = codeSubmissionInputSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return guarded(async () => submitCodeAndWait(await requireUser(), parsed.data));
}

export type SaveDraftResponse = { ok: true; savedAt: Date } | ActionFailure;

export async function saveDraftAction(input: { exerciseId: string; code: string }): Promise<SaveDraftResponse> {
  const parsed = draftInputSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return guarded(async () => {
    const viewer = await requireUser();
    if (!(await rateLimits().draftSave(viewer.id)).allowed) return { ok: false as const, message: userText("item.savingTooOften") };
    const saved = await saveDraft(viewer, parsed.data);
    return { ok: true as const, savedAt: saved.savedAt };
  });
}

const submissionIdSchema = z.object({ submissionId: z.string().min(1).max(64) });

export type SubmissionCodeResponse = { ok: true; code: string } | ActionFailure;

export async function submissionCodeAction(input: { submissionId: string }): Promise<SubmissionCodeResponse> {
  const parsed = submissionIdSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return guarded(async () => {
    const viewer = await requireUser();
    return { ok: true as const, code: await getOwnSubmissionCode(viewer, parsed.data.submissionId) };
  });
}

export type QuizAnswerResponse =
  | { ok: true; result: GradeResult | null; withheld: WithheldResult | null; attemptsLeft: number | null; standing: ItemStanding | null }
  | ActionFailure;

/** Bound to the item's id on the page: `answerQuizAction.bind(null, exerciseId)`. */
export async function answerQuizAction(exerciseId: string, answer: unknown): Promise<QuizAnswerResponse> {
  const parsed = quizAnswerInputSchema.safeParse({ exerciseId, answer });
  if (!parsed.success) return invalid(parsed.error);
  return guarded(async () => {
    const viewer = await requireUser();
    const outcome = await submitQuizAnswer(viewer, parsed.data);
    if (!outcome.ok) return { ok: false as const, message: outcome.message };
    return { ok: true as const, result: outcome.result, withheld: outcome.withheld, attemptsLeft: outcome.attemptsLeft, standing: outcome.standing };
  });
}

/** Practice on new numbers (never counted): `answerPracticeAction.bind(null, exerciseId, round)`. */
export async function answerPracticeAction(exerciseId: string, round: number, answer: unknown): Promise<QuizAnswerResponse> {
  const parsed = practiceAnswerInputSchema.safeParse({ exerciseId, round, answer });
  if (!parsed.success) return invalid(parsed.error);
  return guarded(async () => {
    const outcome = await submitPracticeAnswer(await requireUser(), parsed.data);
    if (!outcome.ok) return { ok: false as const, message: outcome.message };
    return { ok: true as const, result: outcome.result, withheld: null, attemptsLeft: null, standing: null };
  });
}
