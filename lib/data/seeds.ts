import { createHash } from "node:crypto";

// Each student's numbers for an item come from a seed derived from (user id, exercise key), so
// the same student always sees the same variant (a reload does not reroll), another student
// sees different numbers, and the grader can recompute every expected value from the seed alone.
// The exercise *key* (exercise.json id) is used rather than the row id, so a re-synced course
// keeps its seeds.

/** A non-negative 31-bit integer (fits Prisma's Int on SQLite and PostgreSQL). */
function seedOf(text: string): number {
  return createHash("sha256").update(text).digest().readUInt32BE(0) >>> 1;
}

export function seedFor(userId: string, exerciseKey: string): number {
  return seedOf(`chainrule-seed\0${userId}\0${exerciseKey}`);
}

/** Rounds of practice a student may ask for on one item (new numbers each, decision 072). */
export const MAX_PRACTICE_ROUND = 1000;

/**
 * The numbers of practice round `round` (1, 2, ...) of an item: derived apart from the graded seed
 * (another prefix), so practice never shows the graded variant's numbers, and each round its own.
 */
export function practiceSeedFor(userId: string, exerciseKey: string, round: number): number {
  if (!Number.isInteger(round) || round < 1 || round > MAX_PRACTICE_ROUND) throw new RangeError(`practice round must be an integer in [1, ${MAX_PRACTICE_ROUND}]`);
  const graded = seedFor(userId, exerciseKey);
  for (let salt = 0; ; salt++) {
    const seed = seedOf(`chainrule-practice\0${userId}\0${exerciseKey}\0${round}\0${salt}`);
    if (seed !== graded) return seed;
  }
}
