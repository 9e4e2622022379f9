import "server-only";
import { randomBytes } from "node:crypto";
import pLimit from "p-limit";
import { db, sqliteDateText, type SqlWork, type SqlWriter } from "@/lib/data/db";
import { withBusyRetry } from "@/lib/data/busy-retry";
import type { Viewer } from "@/lib/data/access";
import { requireCourseInstructor } from "@/lib/data/instructor-access";
import { exerciseTitleIn, TITLE_SELECT, viewerLocale } from "@/lib/exercises/i18n";
import { SOLVED_AT } from "@/lib/data/progress";
import { creditedBestOf, readItemRules } from "@/lib/data/credit";
import type { Prisma } from "@/lib/generated/prisma/client";
import { lineItemFor, postScore, type ScoreMessage } from "./ags";
import { PlatformCallError } from "./service-client";

// Grade passback outbox (decision 095). Whoever changes a student's score for an item calls
// recordScoreChange INSIDE the transaction that changes it: one row per (resource link, student)
// is marked pending in that same commit, so a score change and its passback are stored together
// or not at all. deliverDueScores (run by lib/lti/outbox-worker.ts in the server) sends what is
// pending: the score is read at delivery, so a burst of changes costs one request; failures are
// retried with exponential back-off, an outage of the LMS postpones all of its rows, and a row is
// marked delivered in the same conditional write that ends its lease, so one change is posted once.

type OutboxStatus = "pending" | "delivered" | "failed";

export interface ScoreChange {
  userId: string;
  exerciseId: string;
}

/** First retry after BASE_DELAY_MS, doubling up to MAX_DELAY_MS (with ±20 % jitter). */
export const BASE_DELAY_MS = 2_000;
export const MAX_DELAY_MS = 60 * 60_000;
/** A refused score (a 4xx other than 401/408/429: the LMS will not take it) is given up after this many tries. */
export const MAX_REFUSED_ATTEMPTS = 6;
/** How long a claimed row is this process's to deliver before another may take it over. */
export const LEASE_MS = 60_000;
const BATCH = 25;
const CONCURRENCY = 4;

export function retryDelayMs(attempts: number, random: number = Math.random()): number {
  const base = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random));
}

// recordScoreChange ------------------------------------------------------------------------------

// The links whose line item grades this item for this student: links to the item itself, to the
// assignment it belongs to (an item is in one at most) or to its whole course, in LMS courses where
// the student is a learner. A pending row that is backing off
// keeps its schedule (an LMS that is down is not hit again by every new submission); a delivered or
// failed one is due at once.
const RECORD_SQL = `INSERT INTO "LtiScoreOutbox" ("linkId", "userId", "platformId", "status", "changeSeq", "deliveredSeq", "changedAt", "nextAttemptAt", "attempts", "force", "createdAt", "updatedAt")
SELECT l."id", m."userId", l."platformId", 'pending', 1, 0, ?, ?, 0, FALSE, ?, ?
FROM "LtiResourceLink" l JOIN "LtiMembership" m ON m."contextId" = l."contextId" AND m."userId" = ?
WHERE l."exerciseId" = ? OR l."courseId" = (SELECT e."courseId" FROM "Exercise" e WHERE e."id" = ?)
  OR l."assignmentId" = (SELECT a."assignmentId" FROM "AssignmentItem" a WHERE a."exerciseId" = ?)
ON CONFLICT ("linkId", "userId") DO UPDATE SET
  "changeSeq" = "LtiScoreOutbox"."changeSeq" + 1,
  "changedAt" = excluded."changedAt",
  "nextAttemptAt" = CASE WHEN "LtiScoreOutbox"."status" = 'pending' AND "LtiScoreOutbox"."attempts" > 0 THEN "LtiScoreOutbox"."nextAttemptAt" ELSE excluded."nextAttemptAt" END,
  "attempts" = CASE WHEN "LtiScoreOutbox"."status" = 'pending' THEN "LtiScoreOutbox"."attempts" ELSE 0 END,
  "status" = 'pending',
  "updatedAt" = excluded."updatedAt"`;

/**
 * Call inside the write transaction that changed `userId`'s score for `exerciseId` (a graded
 * submission or quiz answer, a regrade, and later a late-policy or extension recomputation), so the
 * passback is committed with the change: one statement (plain SQL PostgreSQL accepts too) through
 * lib/data/db.ts's SqlWriter (writeTransaction); recordScoreChangeInPrisma does the same in a Prisma
 * transaction. Does nothing (one indexed lookup) for students not launched from an LMS.
 * True when a passback was queued: the caller then calls wakeOutbox() once the transaction has
 * committed (not before: the deliverer would not see the row yet).
 */
export function* recordScoreChange(sql: SqlWriter, change: ScoreChange): SqlWork<boolean> {
  const text = sqliteDateText(new Date());
  const inserted = yield* sql.run(RECORD_SQL, text, text, text, text, change.userId, change.exerciseId, change.exerciseId, change.exerciseId);
  return inserted.changes > 0;
}

/**
 * Score changes of a course-running change (a late policy, dates, an extension, an exam's
 * release) inside its Prisma transaction. True when a passback was queued: the caller then calls
 * wakeOutbox() once the transaction has committed.
 */
export async function queueScoreChanges(tx: Prisma.TransactionClient, changes: readonly ScoreChange[]): Promise<boolean> {
  if (changes.length === 0) return false;
  // One read decides for a class without an LMS: only students who came from one have links.
  const fromLms = new Set((await tx.ltiMembership.findMany({ where: { userId: { in: [...new Set(changes.map((c) => c.userId))] } }, select: { userId: true } })).map((m) => m.userId));
  let queued = false;
  for (const change of changes) if (fromLms.has(change.userId)) queued = (await recordWithPrisma(tx, change, new Date())) || queued;
  return queued;
}

/** recordScoreChange inside a Prisma transaction (the regrade's). */
export function recordScoreChangeInPrisma(tx: Prisma.TransactionClient, change: ScoreChange): Promise<boolean> {
  return recordWithPrisma(tx, change, new Date());
}

async function recordWithPrisma(tx: Prisma.TransactionClient, change: ScoreChange, now: Date): Promise<boolean> {
  const exercise = await tx.exercise.findUnique({ where: { id: change.exerciseId }, select: { courseId: true, assignment: { select: { assignmentId: true } } } });
  const links = await tx.ltiResourceLink.findMany({
    where: {
      OR: [
        { exerciseId: change.exerciseId },
        ...(exercise ? [{ courseId: exercise.courseId }] : []),
        ...(exercise?.assignment ? [{ assignmentId: exercise.assignment.assignmentId }] : []),
      ],
      context: { memberships: { some: { userId: change.userId } } },
    },
    select: { id: true, platformId: true },
  });
  for (const link of links) await markChanged(tx, link, change.userId, now);
  return links.length > 0;
}

/** One (link, student) row pending, as RECORD_SQL does it. */
async function markChanged(tx: Prisma.TransactionClient, link: { id: string; platformId: string }, userId: string, now: Date): Promise<void> {
  const key = { linkId_userId: { linkId: link.id, userId } };
  const existing = await tx.ltiScoreOutbox.findUnique({ where: key, select: { status: true, attempts: true } });
  const backingOff = existing?.status === "pending" && existing.attempts > 0;
  await tx.ltiScoreOutbox.upsert({
    where: key,
    create: { linkId: link.id, userId, platformId: link.platformId, changedAt: now, nextAttemptAt: now },
    update: { changeSeq: { increment: 1 }, changedAt: now, status: "pending", ...(backingOff ? {} : { nextAttemptAt: now, attempts: existing?.status === "pending" ? undefined : 0 }) },
  });
}

/**
 * An assignment's items changed (one added or removed): every member's score on the assignment's
 * links is queued, since the sum and its maximum changed even where no credited score did (decision
 * 096). Inside the saving transaction; true when something was queued (then wakeOutbox after it).
 */
export async function queueAssignmentLinks(tx: Prisma.TransactionClient, assignmentId: string): Promise<boolean> {
  const links = await tx.ltiResourceLink.findMany({ where: { assignmentId }, select: { id: true, platformId: true, context: { select: { memberships: { select: { userId: true } } } } } });
  const now = new Date();
  let queued = false;
  for (const link of links) {
    for (const m of link.context.memberships) {
      await markChanged(tx, link, m.userId, now);
      queued = true;
    }
  }
  return queued;
}

// Waking the deliverer ----------------------------------------------------------------------

const wakeHolder = globalThis as typeof globalThis & { chainruleLtiOutboxWake?: () => void };

/**
 * Tells this process's deliverer (if it runs here) that rows became due. A grader worker process
 * runs none: the web servers are told through the job's completion event
 * (lib/submissions/bullmq/producer.ts).
 */
export function wakeOutbox(): void {
  wakeHolder.chainruleLtiOutboxWake?.();
}

export function setOutboxWake(wake: (() => void) | undefined): void {
  wakeHolder.chainruleLtiOutboxWake = wake;
}

// The score sent -----------------------------------------------------------------------------

interface CurrentScore {
  scoreGiven: number;
  scoreMaximum: number;
  activityProgress: ScoreMessage["activityProgress"];
}

const round = (n: number) => Math.round(n * 10_000) / 10_000;

/** One item's score as the student's own gradebook row has it: credited (late policy), or withheld. */
async function itemScore(userId: string, exercise: { id: string; progress: { bestScore: number; attempts: number }[] }): Promise<{ best: number; attempts: number } | "withheld"> {
  const p = exercise.progress[0];
  const rules = await readItemRules(userId, exercise.id);
  // An exam's results are not the LMS's to show before the instructor releases them (decision 081).
  if (rules.assignment?.resultsHidden) return "withheld";
  const best = rules.assignment ? await creditedBestOf(userId, exercise.id, rules) : (p?.bestScore ?? 0);
  return { best, attempts: p?.attempts ?? 0 };
}

type ScoredItem = { points: number; attempts: number; score: Awaited<ReturnType<typeof itemScore>> };

async function scoreItems(userId: string, exercises: { id: string; points: number; progress: { bestScore: number; attempts: number }[] }[]): Promise<ScoredItem[]> {
  return Promise.all(exercises.map(async (e) => ({ points: e.points, attempts: e.progress[0]?.attempts ?? 0, score: await itemScore(userId, e) })));
}

/** Points earned over several items (an assignment's, or a course's visible ones); a withheld item counts 0. */
function summedScore(items: readonly ScoredItem[]): CurrentScore {
  const total = items.reduce((s, e) => s + e.points, 0);
  const earned = items.reduce((s, e) => s + (e.score === "withheld" ? 0 : e.score.best * e.points), 0);
  const solved = items.every((e) => e.score !== "withheld" && e.score.best >= SOLVED_AT);
  const started = items.some((e) => e.attempts > 0);
  return { scoreGiven: round(earned), scoreMaximum: total, activityProgress: solved && total > 0 ? "Completed" : started ? "InProgress" : "Initialized" };
}

/**
 * The score the LMS should hold for this student on this link: the item's credited best score
 * (late policy, decision 080) times its points; for an assignment link the points earned over the
 * assignment's items (decision 096), for a whole-course link over all visible items. "withheld":
 * an exam item whose results are not released yet; nothing is sent, and the release queues every
 * student's score (releaseResults). In a sum such an item counts nothing until then, so an
 * assignment whose items are all withheld (an exam) sends nothing at all.
 */
export async function currentScore(link: { exerciseId: string | null; assignmentId: string | null; courseId: string | null }, userId: string): Promise<CurrentScore | "withheld" | null> {
  const progress = { where: { userId }, select: { bestScore: true, attempts: true } };
  if (link.exerciseId) {
    const exercise = await db().exercise.findUnique({ where: { id: link.exerciseId }, select: { id: true, points: true, progress } });
    if (!exercise) return null;
    const item = await itemScore(userId, exercise);
    if (item === "withheld") return "withheld";
    return {
      scoreGiven: round(item.best * exercise.points),
      scoreMaximum: exercise.points,
      activityProgress: item.best >= SOLVED_AT ? "Completed" : item.attempts > 0 ? "Submitted" : "Initialized",
    };
  }
  if (link.assignmentId) {
    const assignment = await db().assignment.findUnique({
      where: { id: link.assignmentId },
      select: { items: { orderBy: { position: "asc" }, select: { exercise: { select: { id: true, points: true, progress } } } } },
    });
    if (!assignment) return null;
    const items = await scoreItems(userId, assignment.items.map((i) => i.exercise));
    // An exam before its release: every item is withheld, and a 0 would read as a result.
    if (items.length > 0 && items.every((i) => i.score === "withheld")) return "withheld";
    return summedScore(items);
  }
  if (link.courseId) {
    const exercises = await db().exercise.findMany({ where: { courseId: link.courseId, hidden: false }, select: { id: true, points: true, progress } });
    return summedScore(await scoreItems(userId, exercises));
  }
  return null;
}

// Delivery -----------------------------------------------------------------------------------

interface ClaimedRow {
  linkId: string;
  userId: string;
  platformId: string;
  changeSeq: number;
  changedAt: Date;
  attempts: number;
  force: boolean;
  deliveredScore: number | null;
  deliveredProgress: string | null;
  leaseToken: string;
}

export interface DeliveryReport {
  claimed: number;
  delivered: number;
  unchanged: number;
  failed: number;
  /** When the next pending row is due, if any. */
  nextDueAt: Date | null;
}

async function claimDue(now: Date, limit: number): Promise<ClaimedRow[]> {
  const candidates = await withBusyRetry(() =>
    db().ltiScoreOutbox.findMany({
      where: { status: "pending", nextAttemptAt: { lte: now }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
      orderBy: { nextAttemptAt: "asc" },
      take: limit,
      select: { linkId: true, userId: true, platformId: true, changeSeq: true, changedAt: true, attempts: true, force: true, deliveredScore: true, deliveredProgress: true },
    }),
  );
  const claimed: ClaimedRow[] = [];
  for (const row of candidates) {
    const leaseToken = randomBytes(12).toString("base64url");
    // Conditional: another process (or a new change) may have taken the row since it was read.
    const taken = await withBusyRetry(() =>
      db().ltiScoreOutbox.updateMany({
        where: { linkId: row.linkId, userId: row.userId, status: "pending", changeSeq: row.changeSeq, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
        data: { leaseUntil: new Date(now.getTime() + LEASE_MS), leaseToken },
      }),
    );
    if (taken.count === 1) claimed.push({ ...row, leaseToken });
  }
  return claimed;
}

type Outcome =
  | { kind: "delivered"; score: CurrentScore; status: number }
  | { kind: "unchanged"; score: CurrentScore }
  /** An exam's results are withheld: nothing sent now; the release queues the score again. */
  | { kind: "withheld" }
  | { kind: "failed"; error: string; status: number | null; transient: boolean };

async function deliverOne(row: ClaimedRow): Promise<Outcome> {
  const link = await db().ltiResourceLink.findUnique({
    where: { id: row.linkId },
    select: {
      id: true,
      resourceLinkId: true,
      title: true,
      lineItemUrl: true,
      lineItemsUrl: true,
      agsScopes: true,
      exerciseId: true,
      assignmentId: true,
      courseId: true,
      context: { select: { platform: { select: { id: true, clientId: true, tokenUrl: true, tokenAudience: true } } } },
    },
  });
  const account = await db().ltiAccount.findFirst({ where: { userId: row.userId, platformId: row.platformId }, select: { subject: true } });
  if (!link || !account) return { kind: "failed", error: "the link or the student's LMS account no longer exists", status: null, transient: false };
  const score = await currentScore(link, row.userId);
  if (!score) return { kind: "failed", error: "the link opens nothing that has a score (its item was removed)", status: null, transient: false };
  if (score === "withheld") return { kind: "withheld" };
  if (!row.force && row.deliveredScore === score.scoreGiven && row.deliveredProgress === score.activityProgress) return { kind: "unchanged", score };
  const platform = link.context.platform;
  try {
    const lineItemUrl = await lineItemFor(platform, { ...link, resourceId: link.exerciseId ?? link.assignmentId ?? link.courseId ?? link.id, scoreMaximum: score.scoreMaximum });
    const status = await postScore(platform, lineItemUrl, {
      userId: account.subject,
      scoreGiven: score.scoreGiven,
      scoreMaximum: score.scoreMaximum,
      activityProgress: score.activityProgress,
      gradingProgress: "FullyGraded",
      timestamp: row.changedAt.toISOString(),
    });
    return { kind: "delivered", score, status };
  } catch (e) {
    if (e instanceof PlatformCallError) return { kind: "failed", error: e.message.slice(0, 500), status: e.status, transient: e.transient };
    return { kind: "failed", error: (e instanceof Error ? e.message : String(e)).slice(0, 500), status: null, transient: true };
  }
}

/** Writes a delivery's outcome; for a failure, returns when the row is tried next. */
async function settle(row: ClaimedRow, outcome: Outcome, now: Date): Promise<Date | null> {
  const key = { linkId: row.linkId, userId: row.userId, leaseToken: row.leaseToken };
  const release = { leaseUntil: null, leaseToken: null };
  if (outcome.kind !== "failed") {
    const sent = outcome.kind === "delivered" ? { deliveredAt: now, lastStatus: outcome.status } : {};
    // Withheld: settled without a score, so the release's change is always sent.
    const scored = outcome.kind === "withheld" ? {} : { deliveredScore: outcome.score.scoreGiven, deliveredProgress: outcome.score.activityProgress };
    const done = { ...release, ...sent, ...scored, deliveredSeq: row.changeSeq, attempts: 0, lastError: null, force: false };
    // Delivered, unless a new change came in meanwhile: then it stays pending, due at once.
    const finished = await withBusyRetry(() => db().ltiScoreOutbox.updateMany({ where: { ...key, changeSeq: row.changeSeq }, data: { ...done, status: "delivered" satisfies OutboxStatus } }));
    if (finished.count === 0) await withBusyRetry(() => db().ltiScoreOutbox.updateMany({ where: key, data: { ...done, nextAttemptAt: now } }));
    return null;
  }
  const attempts = row.attempts + 1;
  const next = new Date(now.getTime() + retryDelayMs(attempts));
  const status: OutboxStatus = !outcome.transient && attempts >= MAX_REFUSED_ATTEMPTS ? "failed" : "pending";
  await withBusyRetry(() => db().ltiScoreOutbox.updateMany({ where: key, data: { ...release, attempts, nextAttemptAt: next, lastError: outcome.error, lastStatus: outcome.status, status } }));
  if (outcome.transient) {
    // The LMS is down or overloaded: its other rows wait as long, instead of each finding out alone.
    await withBusyRetry(() =>
      db().ltiScoreOutbox.updateMany({ where: { platformId: row.platformId, status: "pending", nextAttemptAt: { lt: next }, leaseToken: null }, data: { nextAttemptAt: next } }),
    );
  }
  return next;
}

/** Claims the pending rows that are due and delivers them; what happened, and when the next one is due. */
export async function deliverDueScores({ now = () => new Date(), limit = BATCH }: { now?: () => Date; limit?: number } = {}): Promise<DeliveryReport> {
  const claimed = await claimDue(now(), limit);
  const report: DeliveryReport = { claimed: claimed.length, delivered: 0, unchanged: 0, failed: 0, nextDueAt: null };
  // One platform's rows one after another (its first failure to answer stops the rest of its round,
  // and two rows of one link never both create its line item); platforms side by side.
  const byPlatform = new Map<string, ClaimedRow[]>();
  for (const row of claimed) byPlatform.set(row.platformId, [...(byPlatform.get(row.platformId) ?? []), row]);
  const limiter = pLimit(CONCURRENCY);
  await Promise.all(
    [...byPlatform.values()].map((rows) =>
      limiter(async () => {
        for (const [i, row] of rows.entries()) {
          const outcome = await deliverOne(row);
          if (outcome.kind === "failed") {
            report.failed++;
            console.warn(`[lti] score passback failed (attempt ${row.attempts + 1}) for link ${row.linkId}, user ${row.userId}: ${outcome.error}`);
          } else if (outcome.kind === "delivered") report.delivered++;
          else report.unchanged++;
          const next = await settle(row, outcome, now());
          if (next && outcome.kind === "failed" && outcome.transient) {
            // The platform does not answer: the rest of its rows go back unsent, due when it is retried.
            for (const rest of rows.slice(i + 1)) {
              await withBusyRetry(() =>
                db().ltiScoreOutbox.updateMany({ where: { linkId: rest.linkId, userId: rest.userId, leaseToken: rest.leaseToken }, data: { leaseUntil: null, leaseToken: null, nextAttemptAt: next } }),
              );
            }
            break;
          }
        }
      }),
    ),
  );
  const next = await db().ltiScoreOutbox.findFirst({ where: { status: "pending" }, orderBy: { nextAttemptAt: "asc" }, select: { nextAttemptAt: true } });
  report.nextDueAt = next?.nextAttemptAt ?? null;
  return report;
}

// What instructors see and do -----------------------------------------------------------------

export interface PassbackRowDto {
  linkId: string;
  linkTitle: string;
  /** The item or assignment the link grades, or null for a whole-course link. */
  itemTitle: string | null;
  userId: string;
  email: string;
  name: string | null;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  lastError: string | null;
  deliveredAt: Date | null;
  deliveredScore: number | null;
  changedAt: Date;
}

export interface PassbackDto {
  contexts: { id: string; title: string; platformName: string; membershipsUrl: string | null; rosterSyncedAt: Date | null; links: { id: string; title: string; itemTitle: string | null; lineItem: boolean }[] }[];
  rows: PassbackRowDto[];
  counts: Record<OutboxStatus, number>;
}

/** Every passback of a course's LMS links, per student: for the course's staff. */
export async function getPassbackStatus(viewer: Viewer | null, courseId: string): Promise<PassbackDto> {
  const { course } = await requireCourseInstructor(viewer, courseId);
  const contexts = await db().ltiContext.findMany({
    where: { courseId: course.id },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      title: true,
      membershipsUrl: true,
      rosterSyncedAt: true,
      platform: { select: { name: true } },
      links: { orderBy: { createdAt: "asc" }, select: { id: true, title: true, lineItemUrl: true, lineItemsUrl: true, exercise: { select: TITLE_SELECT }, assignment: { select: { title: true } } } },
    },
  });
  // An item's title in the instructor's language, read once per link (not per passback row).
  const locale = viewerLocale(viewer);
  const itemTitleOf = new Map(contexts.flatMap((c) => c.links.map((l) => [l.id, l.exercise ? exerciseTitleIn(l.exercise, locale) : (l.assignment?.title ?? null)] as const)));
  const rows = await db().ltiScoreOutbox.findMany({
    where: { link: { context: { courseId: course.id } } },
    orderBy: [{ user: { email: "asc" } }, { createdAt: "asc" }],
    select: {
      linkId: true,
      userId: true,
      status: true,
      attempts: true,
      nextAttemptAt: true,
      lastError: true,
      deliveredAt: true,
      deliveredScore: true,
      changedAt: true,
      link: { select: { title: true, exercise: { select: { title: true } }, assignment: { select: { title: true } } } },
      user: { select: { email: true, name: true } },
    },
  });
  const counts: Record<OutboxStatus, number> = { pending: 0, delivered: 0, failed: 0 };
  const dto = rows.map((r): PassbackRowDto => {
    const status: OutboxStatus = r.status === "delivered" || r.status === "failed" ? r.status : "pending";
    counts[status]++;
    return {
      linkId: r.linkId,
      linkTitle: r.link.title,
      itemTitle: itemTitleOf.get(r.linkId) ?? r.link.exercise?.title ?? r.link.assignment?.title ?? null,
      userId: r.userId,
      email: r.user.email,
      name: r.user.name,
      status,
      attempts: r.attempts,
      nextAttemptAt: status === "pending" ? r.nextAttemptAt : null,
      lastError: r.lastError,
      deliveredAt: r.deliveredAt,
      deliveredScore: r.deliveredScore,
      changedAt: r.changedAt,
    };
  });
  return {
    contexts: contexts.map((c) => ({
      id: c.id,
      title: c.title,
      platformName: c.platform.name,
      membershipsUrl: c.membershipsUrl,
      rosterSyncedAt: c.rosterSyncedAt,
      links: c.links.map((l) => ({ id: l.id, title: l.title, itemTitle: itemTitleOf.get(l.id) ?? null, lineItem: l.lineItemUrl !== null || l.lineItemsUrl !== null })),
    })),
    rows: dto,
    counts,
  };
}

/**
 * The instructor's "Resend": the student's current score on that link is sent again now, even if
 * the LMS already has it (someone changed it by hand there), and a failed row gets new tries.
 */
export async function resendScore(viewer: Viewer | null, input: { linkId: string; userId: string }): Promise<boolean> {
  const link = await db().ltiResourceLink.findUnique({ where: { id: input.linkId }, select: { context: { select: { courseId: true } } } });
  if (!link?.context.courseId) return false;
  await requireCourseInstructor(viewer, link.context.courseId);
  const now = new Date();
  const updated = await withBusyRetry(() =>
    db().ltiScoreOutbox.updateMany({
      where: { linkId: input.linkId, userId: input.userId },
      data: { status: "pending", force: true, attempts: 0, nextAttemptAt: now, changeSeq: { increment: 1 }, changedAt: now },
    }),
  );
  if (updated.count === 1) wakeOutbox();
  return updated.count === 1;
}
