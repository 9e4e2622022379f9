import "server-only";
import type { GraderClient } from "@/lib/grading/client";
import { gradeResultSchema, type GradeResult } from "@/lib/grading/contract";
import type { Prisma } from "@/lib/generated/prisma/client";
import { withBusyRetry } from "./busy-retry";
import { db } from "./db";
import type { Viewer } from "./access";
import { requireItemInstructor } from "./instructor-access";
import { versionSource } from "./packages";
import { SOLVED_AT } from "./progress";
import { recordScoreChangeInPrisma, wakeOutbox } from "@/lib/lti/outbox";

// Regrade: re-runs every graded attempt of an item (Submit submissions, or quiz answers) against
// the item's CURRENT version with the attempt's own seed. The dry run changes nothing and shows
// old → new per student; applying writes the new scores, re-points the attempts at the version
// they are now graded against and recomputes each student's best score. Attempt counts do not
// change: a regrade is not a new attempt. See docs/decisions/035-regrade.md.
// "Keep the higher score" (decision 126): an attempt the new version would score lower is left as
// it was (score, result and version), so no student's grade goes down; the dry run says how many
// would go down without it. Every student whose best score changes gets a grade notice
// (lib/data/grade-notices.ts), written in the same transaction as the scores.

/** Regrading grades code and quiz answers again, in the grader (where the package's suite runs). */
export type RegradeGrader = Pick<GraderClient, "grade">;

export interface RegradeStudentRow {
  userId: string;
  email: string;
  name: string | null;
  attempts: number;
  oldBest: number;
  /** The best score after the regrade, with the option asked for (keep the higher score or not). */
  newBest: number;
  /** The best score if every attempt took its new score (what "keep the higher score" prevents). */
  replacedBest: number;
}

export interface RegradeOptions {
  /** Leave an attempt as it was when the new version scores it lower: no grade goes down. */
  keepHigher: boolean;
}

export interface RegradeDto {
  exerciseId: string;
  slug: string;
  currentVersionHash: string;
  attempts: number;
  changedAttempts: number;
  /** The option the table was computed with. */
  keepHigher: boolean;
  /** Students whose best score would go down if every attempt took its new score. */
  wouldLower: number;
  /** Students whose best score goes down with the option asked for (0 with keepHigher). */
  lowered: number;
  students: RegradeStudentRow[];
  ms: number;
}

interface Regraded {
  id: string;
  userId: string;
  createdAt: Date;
  oldScore: number;
  result: GradeResult;
}

const CONCURRENCY = 16;

async function regradeAll(viewer: Viewer | null, exerciseId: string, grader: RegradeGrader) {
  await requireItemInstructor(viewer, exerciseId);
  const exercise = await db().exercise.findUniqueOrThrow({
    where: { id: exerciseId },
    select: { id: true, slug: true, kind: true, source: true, currentVersion: { select: { id: true, contentHash: true, files: true } } },
  });
  const version = exercise.currentVersion;
  if (!version) throw new Error(`exercise ${exercise.slug} has no current version`);
  const regraded: Regraded[] = [];
  const pkg = await versionSource(version, exercise);
  if (exercise.kind === "code") {
    const subs = await db().submission.findMany({
      where: { exerciseId, mode: "hidden", status: "graded", gradable: true },
      orderBy: { createdAt: "asc" },
      select: { id: true, userId: true, createdAt: true, score: true, code: true, seed: true },
    });
    for (let i = 0; i < subs.length; i += CONCURRENCY) {
      const batch = subs.slice(i, i + CONCURRENCY);
      const results = await Promise.all(batch.map((s) => grader.grade({ pkg, code: s.code, seed: s.seed, mode: "hidden" })));
      batch.forEach((s, k) => {
        const result = results[k];
        if (result) regraded.push({ id: s.id, userId: s.userId, createdAt: s.createdAt, oldScore: s.score ?? 0, result: gradeResultSchema.parse(result) });
      });
    }
  } else {
    const answers = await db().quizAnswer.findMany({
      where: { exerciseId, gradable: true, practice: false },
      orderBy: { createdAt: "asc" },
      select: { id: true, userId: true, createdAt: true, score: true, seed: true, answer: true },
    });
    for (let i = 0; i < answers.length; i += CONCURRENCY) {
      const batch = answers.slice(i, i + CONCURRENCY);
      const results = await Promise.all(batch.map((a) => grader.grade({ pkg, answer: a.answer, seed: a.seed })));
      batch.forEach((a, k) => {
        const result = results[k];
        if (result) regraded.push({ id: a.id, userId: a.userId, createdAt: a.createdAt, oldScore: a.score, result });
      });
    }
  }
  return { exercise, version, regraded };
}

const EPS = 1e-9;

/** An attempt's score under the new version: one that is no longer gradable scores nothing. */
const regradedScore = (r: Regraded): number => (r.result.gradable ? r.result.score : 0);

/** Does this attempt take its new score? With keepHigher, not when that would lower it. */
const takesNewScore = (r: Regraded, options: RegradeOptions): boolean => !options.keepHigher || regradedScore(r) >= r.oldScore - EPS;

/** The attempt's score after the regrade, with the option. */
const scoreAfter = (r: Regraded, options: RegradeOptions): number => (takesNewScore(r, options) ? regradedScore(r) : r.oldScore);

async function summarize(exercise: { id: string; slug: string }, hash: string, regraded: Regraded[], options: RegradeOptions, started: number): Promise<RegradeDto> {
  const byUser = new Map<string, RegradeStudentRow>();
  for (const r of regraded) {
    const row = byUser.get(r.userId) ?? { userId: r.userId, email: "", name: null, attempts: 0, oldBest: 0, newBest: 0, replacedBest: 0 };
    row.attempts++;
    row.oldBest = Math.max(row.oldBest, r.oldScore);
    row.newBest = Math.max(row.newBest, scoreAfter(r, options));
    row.replacedBest = Math.max(row.replacedBest, regradedScore(r));
    byUser.set(r.userId, row);
  }
  const users = await db().user.findMany({ where: { id: { in: [...byUser.keys()] } }, select: { id: true, email: true, name: true } });
  for (const u of users) {
    const row = byUser.get(u.id);
    if (row) Object.assign(row, { email: u.email, name: u.name });
  }
  const students = [...byUser.values()].sort((a, b) => Math.abs(b.newBest - b.oldBest) - Math.abs(a.newBest - a.oldBest) || a.email.localeCompare(b.email));
  return {
    exerciseId: exercise.id,
    slug: exercise.slug,
    currentVersionHash: hash,
    attempts: regraded.length,
    changedAttempts: regraded.filter((r) => Math.abs(scoreAfter(r, options) - r.oldScore) > EPS).length,
    keepHigher: options.keepHigher,
    wouldLower: students.filter((s) => s.replacedBest < s.oldBest - EPS).length,
    lowered: students.filter((s) => s.newBest < s.oldBest - EPS).length,
    students,
    ms: performance.now() - started,
  };
}

const REPLACE: RegradeOptions = { keepHigher: false };

/** Old → new best score per student under the current version, with the option; writes nothing. */
export async function dryRunRegrade(viewer: Viewer | null, exerciseId: string, grader: RegradeGrader, options: RegradeOptions = REPLACE): Promise<RegradeDto> {
  const started = performance.now();
  const { exercise, version, regraded } = await regradeAll(viewer, exerciseId, grader);
  return summarize(exercise, version.contentHash, regraded, options, started);
}

/**
 * Regrades and stores the new scores and best scores, with the option; tells every student whose
 * best score changed (a grade notice). Returns the same table as the dry run.
 */
export async function applyRegrade(viewer: Viewer | null, exerciseId: string, grader: RegradeGrader, options: RegradeOptions = REPLACE): Promise<RegradeDto> {
  const started = performance.now();
  const { exercise, version, regraded } = await regradeAll(viewer, exerciseId, grader);
  const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as Prisma.InputJsonValue;
  let passback = false;
  await withBusyRetry(() => db().$transaction(
    async (tx) => {
      for (const r of regraded) {
        // Kept as it was: its score, result and the version that graded it.
        if (!takesNewScore(r, options)) continue;
        const score = regradedScore(r);
        if (exercise.kind === "code") {
          await tx.submission.update({
            where: { id: r.id },
            data: { score, result: json(r.result), exerciseVersionId: version.id, error: r.result.error?.message ?? null },
          });
        } else {
          await tx.quizAnswer.update({ where: { id: r.id }, data: { score, correct: score >= SOLVED_AT, exerciseVersionId: version.id } });
        }
      }
      // Best score and first solve per student from the regraded attempts (oldest first).
      const perUser = new Map<string, { old: number; best: number; solvedAt: Date | null }>();
      for (const r of regraded) {
        const score = scoreAfter(r, options);
        const p = perUser.get(r.userId) ?? { old: 0, best: 0, solvedAt: null };
        p.old = Math.max(p.old, r.oldScore);
        p.best = Math.max(p.best, score);
        if (p.solvedAt === null && score >= SOLVED_AT) p.solvedAt = r.createdAt;
        perUser.set(r.userId, p);
      }
      const notices: { userId: string; exerciseId: string; oldScore: number; newScore: number }[] = [];
      for (const [userId, p] of perUser) {
        await tx.progress.updateMany({ where: { userId, exerciseId }, data: { bestScore: p.best, completedAt: p.solvedAt } });
        if (Math.abs(p.best - p.old) > EPS) notices.push({ userId, exerciseId, oldScore: p.old, newScore: p.best });
        // LMS grade passback, committed with the new best score (lib/lti/outbox.ts).
        if (await recordScoreChangeInPrisma(tx, { userId, exerciseId })) passback = true;
      }
      if (notices.length > 0) await tx.gradeNotice.createMany({ data: notices });
    },
    { timeout: 120_000 },
  ));
  // Committed: the passbacks may go.
  if (passback) wakeOutbox();
  return summarize(exercise, version.contentHash, regraded, options, started);
}
