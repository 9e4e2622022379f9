import "server-only";
import { z } from "zod";
import { db } from "./db";
import { assertUser, type Viewer } from "./access";
import { hasNoNul, NUL_MESSAGE } from "./sql";
import { findStudentExercise } from "./student-access";

// Autosaved editor content, one row per (student, item). The editor saves after a pause in
// typing; the row is only ever read back by its owner.

/** Same cap as the grader's (lib/grading/transpile MAX_CODE_BYTES): a draft that big could not be submitted anyway. */
export const MAX_DRAFT_CHARS = 64 * 1024;

export const draftInputSchema = z.object({
  exerciseId: z.string().min(1).max(64),
  code: z.string().max(MAX_DRAFT_CHARS, "The code is too long (64 KB at most)").refine(hasNoNul, NUL_MESSAGE),
});

export async function saveDraft(viewer: Viewer | null, input: z.infer<typeof draftInputSchema>): Promise<{ savedAt: Date }> {
  const user = assertUser(viewer);
  const exercise = await findStudentExercise(user, input.exerciseId);
  const row = await db().draft.upsert({
    where: { userId_exerciseId: { userId: user.id, exerciseId: exercise.id } },
    create: { userId: user.id, exerciseId: exercise.id, code: input.code },
    update: { code: input.code },
    select: { updatedAt: true },
  });
  return { savedAt: row.updatedAt };
}
