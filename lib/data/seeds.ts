import { createHash } from "node:crypto";

// Each student's numbers for an item come from a seed derived from (user id, exercise key), so
// the same student always sees the same variant (a reload does not reroll), another student
// sees different numbers, and the grader can recompute every expected value from the seed alone.
// The exercise *key* (exercise.json id) is used rather than the row id, so a re-synced course
// keeps its seeds.

/** A non-negative 31-bit integer (fits Prisma's Int on SQLite and PostgreSQL). */
export function seedFor(userId: string, exerciseKey: string): number {
  const digest = createHash("sha256").update(`chainrule-seed\0${userId}\0${exerciseKey}`).digest();
  return digest.readUInt32BE(0) >>> 1;
}
