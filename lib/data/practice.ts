import "server-only";
import { z } from "zod";
import type { GraderClient } from "@/lib/grading/client";
import { db, sqliteDateText, writeTransaction } from "./db";
import { newRowId } from "./ids";
import { assertUser, type Viewer } from "./access";
import { versionSource } from "./packages";
import { maxAttemptsOf } from "./progress";
import { effectiveMaxAttempts, readItemRules } from "./credit";
import { MAX_PRACTICE_ROUND, practiceSeedFor } from "./seeds";
import { attemptsLeftOf, findStudentExercise } from "./student-access";
import { quizAnswerInputSchema, type QuizAnswerOutcome } from "./submissions";
import { viewerLocale } from "@/lib/exercises/i18n";
import { localizeResult } from "@/lib/grading/contract";
import { userText } from "@/lib/i18n/user-text";

// Practice on new numbers (PrairieLearn's homework mode, decision 072): once a quiz item's graded
// attempts are used, the student may answer it again on other numbers, round after round. A
// practice answer is graded and stored like any answer, with `practice` set, and never counts: no
// attempt is reserved and Progress is not touched, and the gradebook, regrades and the
// instructor's drill-down leave these rows out.

export const practiceRoundSchema = z.number().int().min(1).max(MAX_PRACTICE_ROUND);

export const practiceAnswerInputSchema = quizAnswerInputSchema.extend({ round: practiceRoundSchema });
export type PracticeAnswerInput = z.infer<typeof practiceAnswerInputSchema>;

/**
 * Practice opens when an item limits its graded attempts (extra attempts included) and the student
 * has used them all; never on an exam item before its results are released, where a practice
 * round's feedback would tell what the withheld results do not (decision 081).
 */
export function practiceOpen(maxAttempts: number | null, attempts: number, exam: { resultsHidden: boolean } | null): boolean {
  if (exam?.resultsHidden) return false;
  return attemptsLeftOf(maxAttempts, attempts) === 0;
}

export async function answerPractice(viewer: Viewer | null, input: PracticeAnswerInput, grader: Pick<GraderClient, "grade">): Promise<QuizAnswerOutcome> {
  const user = assertUser(viewer);
  const exercise = await findStudentExercise(user, input.exerciseId);
  if (exercise.kind === "code") return { ok: false, message: userText("errors.isCoding") };
  if (input.answer.kind !== exercise.kind) return { ok: false, message: userText("errors.expectsAnswer", { kind: exercise.kind }) };
  // Archived: read-only for students, practice rounds included (decision 122).
  if (exercise.archived && !exercise.staff) return { ok: false, message: userText("errors.courseArchived") };
  const progress = await db().progress.findUnique({
    where: { userId_exerciseId: { userId: user.id, exerciseId: exercise.id } },
    select: { attempts: true, bestScore: true },
  });
  const rules = await readItemRules(user.id, exercise.id);
  const maxAttempts = effectiveMaxAttempts(maxAttemptsOf(exercise.currentVersion.meta), rules.extraAttempts);
  if (!practiceOpen(maxAttempts, progress?.attempts ?? 0, rules.assignment)) {
    return { ok: false, message: userText(rules.assignment?.resultsHidden ? "errors.practiceAfterRelease" : "errors.practiceAfterAttempts") };
  }
  const seed = practiceSeedFor(user.id, exercise.key, input.round);
  const result = await grader.grade({ pkg: await versionSource(exercise.currentVersion, exercise), answer: input.answer, seed, owner: user.id });
  await writeTransaction(function* (sql) {
    yield* sql.run(
      `INSERT INTO "QuizAnswer" ("id", "userId", "exerciseId", "exerciseVersionId", "seed", "answer", "correct", "score", "gradable", "practice", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE, ?)`,
      newRowId(),
      user.id,
      exercise.id,
      exercise.currentVersion.id,
      seed,
      JSON.stringify(input.answer),
      result.gradable && result.score >= 1 ? 1 : 0,
      result.score,
      result.gradable ? 1 : 0,
      sqliteDateText(new Date()),
    );
  });
  return { ok: true, result: localizeResult(result, viewerLocale(user)).result, withheld: null, attemptsLeft: 0, bestScore: progress?.bestScore ?? 0, standing: null };
}
