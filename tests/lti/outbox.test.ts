import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { formatWall, wallTimeAt } from "@/lib/assignments/time-zone";
import type { Viewer } from "@/lib/data/access";
import { saveAssignment, type AssignmentInput } from "@/lib/data/assignments";
import { applyExtension } from "@/lib/data/extensions";
import { creditedBestOf, readItemRules } from "@/lib/data/credit";
import { databaseEngine, db, writeTransaction } from "@/lib/data/db";
import { releaseResults } from "@/lib/data/exams";
import { applyRegrade } from "@/lib/data/regrade";
import { getStudentItem } from "@/lib/data/student-items";
import { answerQuiz, recordGrade, startCodeSubmission } from "@/lib/data/submissions";
import { createGraderClient } from "@/lib/grading/client";
import { englishText } from "@/lib/i18n/translate";
import { userText } from "@/lib/i18n/user-text";
import type { GradeResult } from "@/lib/grading/contract";
import { buildDeepLinkResponse, getDeepLinkChoices } from "@/lib/lti/deep-linking";
import { BASE_DELAY_MS, deliverDueScores, getPassbackStatus, MAX_REFUSED_ATTEMPTS, recordScoreChange, recordScoreChangeInPrisma, resendScore, retryDelayMs } from "@/lib/lti/outbox";
import { launch, linkedContext, ltiWorld, person, type LtiWorld } from "./helpers";
import type { PlatformSimulator } from "./platform-simulator";

// Grade passback through the outbox, against the simulated platform's token and AGS endpoints:
// a graded submission writes the outbox row in its own transaction; delivery posts the score once;
// an LMS that is down loses nothing and gets the score exactly once when it is back.

let world: LtiWorld;
let sim: PlatformSimulator;
const CONTEXT = "ctx-outbox";
let itemLink: string;

const graded = (score: number): GradeResult => ({ score, gradable: true, tests: [], diagnosis: null, stdout: "", timings: { transpileMs: 1, runMs: 1, totalMs: 2 } });

/** A learner launched from the LMS (so the outbox knows them), as a Chainrule viewer. */
async function learner(link = itemLink): Promise<{ viewer: Viewer; sub: string }> {
  const p = person(sim, "learner");
  const done = await launch(sim, p.sub, CONTEXT, { link });
  return { viewer: { id: done.userId, email: done.email, name: done.name, role: "student" }, sub: p.sub };
}

/** A graded submission through the real recording path (startCodeSubmission + recordGrade). */
async function submit(viewer: Viewer, score: number, exerciseId = world.items.mulLayer.id): Promise<void> {
  const started = await startCodeSubmission(viewer, { exerciseId, code: "export class MulLayer {}", mode: "hidden" });
  if (!started.ok) throw new Error(started.message);
  await recordGrade(started.job.submissionId, { userId: viewer.id, exerciseId, mode: "hidden" }, graded(score));
}

const later = (ms: number) => () => new Date(Date.now() + ms);
const outboxRow = (viewer: Viewer) => db().ltiScoreOutbox.findFirstOrThrow({ where: { userId: viewer.id } });

beforeAll(async () => {
  world = await ltiWorld();
  sim = world.sim;
  await linkedContext(world, CONTEXT);
  itemLink = sim.addLink(CONTEXT, { title: "MulLayer", custom: { chainrule_item: world.items.mulLayer.id }, lineItem: { scoreMaximum: 1 } }).id;
});

afterAll(async () => {
  await sim.stop();
});

describe("recording", () => {
  it("a graded submission of an LMS learner writes one pending outbox row in its own transaction", async () => {
    const { viewer } = await learner();
    await submit(viewer, 0.5);
    const row = await outboxRow(viewer);
    expect(row).toMatchObject({ status: "pending", changeSeq: 1, deliveredSeq: 0, attempts: 0 });
    // A student who never came from the LMS gets no row.
    const before = await db().ltiScoreOutbox.count();
    const local = await db().user.findFirstOrThrow({ where: { email: "student@example.com" }, select: { id: true, email: true, name: true } });
    await submit({ ...local, role: "student" }, 1);
    expect(await db().ltiScoreOutbox.count()).toBe(before);
  });

  it("a job delivered twice records one grade and queues one passback", async () => {
    const { viewer, sub } = await learner();
    const started = await startCodeSubmission(viewer, { exerciseId: world.items.mulLayer.id, code: "export class MulLayer {}", mode: "hidden" });
    if (!started.ok) throw new Error(started.message);
    const row = { userId: viewer.id, exerciseId: world.items.mulLayer.id, mode: "hidden" as const };
    const first = await recordGrade(started.job.submissionId, row, graded(0.75));
    // A second delivery of the same job (a re-queue racing the first, a worker that died after
    // recording): the row is no longer pending, so nothing is written and nothing queued.
    const second = await recordGrade(started.job.submissionId, row, graded(0.75));
    expect({ wrote: first.wrote, passback: first.passback }).toEqual({ wrote: true, passback: true });
    expect({ wrote: second.wrote, passback: second.passback }).toEqual({ wrote: false, passback: false });
    expect(await outboxRow(viewer)).toMatchObject({ status: "pending", changeSeq: 1 });
    await deliverDueScores();
    expect(sim.scoresFor(sub)).toHaveLength(1);
  });

  it("a quiz answer and a regrade are score changes too (the real grader grades both)", async () => {
    const grader = createGraderClient({ onLog: () => undefined });
    try {
      // A learner of an activity that opens the quiz item answers it.
      const quizLink = sim.addLink(CONTEXT, { title: "Node rules", custom: { chainrule_item: world.items.nodeRules.id }, lineItem: { scoreMaximum: world.items.nodeRules.points } }).id;
      const quizzer = await learner(quizLink);
      const answered = await answerQuiz(quizzer.viewer, { exerciseId: world.items.nodeRules.id, answer: { kind: "choice", selected: ["s1"] } }, grader);
      expect(answered.ok && answered.result?.gradable).toBe(true);
      const row = await outboxRow(quizzer.viewer);
      expect(row).toMatchObject({ status: "pending", changeSeq: 1 });
      expect(await db().ltiResourceLink.findUniqueOrThrow({ where: { id: row.linkId } })).toMatchObject({ resourceLinkId: quizLink, exerciseId: world.items.nodeRules.id });

      // A regrade re-scores a learner's submission (the stored code does not pass the real tests).
      const { viewer } = await learner();
      await submit(viewer, 1);
      await deliverDueScores();
      expect(await outboxRow(viewer)).toMatchObject({ status: "delivered", changeSeq: 1, deliveredSeq: 1 });
      const instructor: Viewer = { id: world.instructorId, email: "", name: null, role: "instructor" };
      const regraded = await applyRegrade(instructor, world.items.mulLayer.id, grader);
      expect(regraded.students.find((s) => s.userId === viewer.id)?.newBest).toBeLessThan(1);
      expect(await outboxRow(viewer)).toMatchObject({ status: "pending", changeSeq: 2, deliveredSeq: 1 });
    } finally {
      await grader.close();
    }
  }, 60_000);

  it("a score change that rolls back leaves no outbox row", async () => {
    const { viewer } = await learner();
    await expect(
      writeTransaction(function* (sql) {
        yield* recordScoreChange(sql, { userId: viewer.id, exerciseId: world.items.mulLayer.id });
        throw new Error("the grade could not be stored");
      }),
    ).rejects.toThrow("could not be stored");
    expect(await db().ltiScoreOutbox.count({ where: { userId: viewer.id } })).toBe(0);
  });

  it("inside a Prisma transaction (the regrade's), and only committed with it", async () => {
    const { viewer } = await learner();
    await db().$transaction(async (tx) => recordScoreChangeInPrisma(tx, { userId: viewer.id, exerciseId: world.items.mulLayer.id }));
    expect(await db().ltiScoreOutbox.count({ where: { userId: viewer.id, status: "pending" } })).toBe(1);
    const other = await learner();
    await expect(
      db().$transaction(async (tx) => {
        await recordScoreChangeInPrisma(tx, { userId: other.viewer.id, exerciseId: world.items.mulLayer.id });
        throw new Error("regrade failed");
      }),
    ).rejects.toThrow("regrade failed");
    expect(await db().ltiScoreOutbox.count({ where: { userId: other.viewer.id } })).toBe(0);
  });
});

describe("delivery", () => {
  it("posts the score to the line item once, with a token got by a signed client assertion", async () => {
    const { viewer, sub } = await learner();
    await submit(viewer, 0.5);
    await deliverDueScores();
    await submit(viewer, 1);
    const report = await deliverDueScores();
    expect(report.delivered).toBeGreaterThanOrEqual(1);
    const scores = sim.scoresFor(sub);
    expect(scores).toHaveLength(2);
    expect(scores[1]?.body).toMatchObject({ userId: sub, scoreGiven: world.items.mulLayer.points, scoreMaximum: world.items.mulLayer.points, activityProgress: "Completed", gradingProgress: "FullyGraded" });
    expect(scores[0]?.body).toMatchObject({ scoreGiven: 0.5 * world.items.mulLayer.points, activityProgress: "Submitted" });
    expect(Date.parse(String(scores[1]?.body.timestamp))).toBeGreaterThan(Date.parse(String(scores[0]?.body.timestamp)));
    expect(sim.tokenRequests.some((t) => t.ok && t.scope.includes("/scope/score"))).toBe(true);
    expect(await outboxRow(viewer)).toMatchObject({ status: "delivered", deliveredScore: world.items.mulLayer.points, attempts: 0 });
    // Nothing left to send: another round posts nothing.
    await deliverDueScores();
    expect(sim.scoresFor(sub)).toHaveLength(2);
  });

  it("a burst of changes before delivery costs one request, with the latest score", async () => {
    const { viewer, sub } = await learner();
    await submit(viewer, 0.25);
    await submit(viewer, 0.5);
    await submit(viewer, 0.75);
    await deliverDueScores();
    expect(sim.scoresFor(sub).map((s) => s.body.scoreGiven)).toEqual([0.75 * world.items.mulLayer.points]);
  });

  it("an attempt that does not change the score sends nothing; Resend sends it anyway", async () => {
    const { viewer, sub } = await learner();
    await submit(viewer, 1);
    await deliverDueScores();
    await submit(viewer, 0.5); // best stays 1
    await deliverDueScores();
    expect(sim.scoresFor(sub)).toHaveLength(1);
    const instructor: Viewer = { id: world.instructorId, email: "instructor@example.com", name: null, role: "instructor" };
    const row = await outboxRow(viewer);
    expect(await resendScore(instructor, { linkId: row.linkId, userId: viewer.id })).toBe(true);
    await deliverDueScores();
    expect(sim.scoresFor(sub)).toHaveLength(2);
  });

  it("two deliverers at once post a change once (rows are leased)", async () => {
    const { viewer, sub } = await learner();
    await submit(viewer, 0.5);
    await Promise.all([deliverDueScores(), deliverDueScores(), deliverDueScores()]);
    expect(sim.scoresFor(sub)).toHaveLength(1);
  });

  it("the LMS down: nothing lost, back-off for all its rows, delivered exactly once when it is back", async () => {
    const a = await learner();
    const b = await learner();
    await sim.stop();
    try {
      await submit(a.viewer, 0.5);
      await submit(b.viewer, 0.5);
      const first = await deliverDueScores();
      expect(first.failed).toBe(1); // the second row of the same platform is not even tried
      const rowA = await outboxRow(a.viewer);
      const rowB = await outboxRow(b.viewer);
      const failed = rowA.attempts === 1 ? rowA : rowB;
      expect(failed).toMatchObject({ status: "pending", attempts: 1 });
      expect(failed.lastError).toMatch(/no answer/);
      const waitMs = failed.nextAttemptAt.getTime() - Date.now();
      expect(waitMs).toBeGreaterThan(BASE_DELAY_MS * 0.7);
      expect(waitMs).toBeLessThan(BASE_DELAY_MS * 1.3);
      // The other row waits as long instead of finding out alone.
      expect(Math.abs(rowA.nextAttemptAt.getTime() - rowB.nextAttemptAt.getTime())).toBeLessThan(50);
      expect((await deliverDueScores()).claimed).toBe(0); // not due yet
      const second = await deliverDueScores({ now: later(BASE_DELAY_MS * 1.5) });
      expect(second.failed).toBe(1);
      expect((await outboxRow(failed.userId === a.viewer.id ? a.viewer : b.viewer)).attempts).toBe(2);
    } finally {
      await sim.start();
    }
    const back = await deliverDueScores({ now: later(60_000) });
    expect(back.delivered).toBe(2);
    await deliverDueScores({ now: later(120_000) });
    expect(sim.scoresFor(a.sub)).toHaveLength(1);
    expect(sim.scoresFor(b.sub)).toHaveLength(1);
  });

  it("the LMS answering 503: retried, then delivered once", async () => {
    const { viewer, sub } = await learner();
    sim.available = false;
    await submit(viewer, 0.5);
    await deliverDueScores();
    expect(await outboxRow(viewer)).toMatchObject({ status: "pending", attempts: 1, lastStatus: 503 });
    sim.available = true;
    await deliverDueScores({ now: later(10_000) });
    expect(sim.scoresFor(sub)).toHaveLength(1);
  });

  it("a line item the LMS refuses (deleted: 404) is given up after a few tries and shows as failed; Resend tries again", async () => {
    const { viewer } = await learner();
    const lineItems = sim.context(CONTEXT).lineItems;
    const saved = [...lineItems.entries()];
    lineItems.clear();
    try {
      await submit(viewer, 0.5);
      for (let i = 0; i < MAX_REFUSED_ATTEMPTS; i++) await deliverDueScores({ now: later(retryDelayMs(i + 1, 1) * 2 ** i + 1000) });
      const row = await outboxRow(viewer);
      expect(row.status).toBe("failed");
      expect(row.lastStatus).toBe(404);
      const instructor: Viewer = { id: world.instructorId, email: "instructor@example.com", name: null, role: "instructor" };
      const status = await getPassbackStatus(instructor, world.courseId);
      expect(status.rows.find((r) => r.userId === viewer.id)).toMatchObject({ status: "failed", attempts: MAX_REFUSED_ATTEMPTS });
    } finally {
      for (const [k, v] of saved) lineItems.set(k, v);
    }
    const instructor: Viewer = { id: world.instructorId, email: "instructor@example.com", name: null, role: "instructor" };
    const row = await outboxRow(viewer);
    await resendScore(instructor, { linkId: row.linkId, userId: viewer.id });
    await deliverDueScores();
    expect(await outboxRow(viewer)).toMatchObject({ status: "delivered" });
  });

  it("a link without a line item: Chainrule creates one through the line items service, then reuses it", async () => {
    const bare = sim.addLink(CONTEXT, { title: "Bare MulLayer", custom: { chainrule_item: world.items.mulLayer.id } });
    const first = await learner(bare.id);
    const second = await learner(bare.id);
    const before = sim.lineItemRequests.filter((r) => r.method === "POST").length;
    await submit(first.viewer, 1);
    await submit(second.viewer, 1);
    await deliverDueScores();
    const created = sim.lineItemRequests.filter((r) => r.method === "POST").length - before;
    expect(created).toBe(1);
    const item = [...sim.context(CONTEXT).lineItems.values()].find((i) => i.resourceLinkId === bare.id);
    expect(item).toMatchObject({ resourceId: world.items.mulLayer.id, scoreMaximum: world.items.mulLayer.points, tag: "chainrule" });
    const scores = sim.scores.filter((s) => s.lineItemId === item?.id);
    expect(scores.map((s) => s.body.userId).sort()).toEqual([first.sub, second.sub].sort());
  });

  it("a whole-course link gets the points earned over all items", async () => {
    const courseLink = sim.addLink(CONTEXT, { title: "Whole course", custom: { chainrule_course: world.courseId }, lineItem: { scoreMaximum: 2 } });
    const { viewer, sub } = await learner(courseLink.id);
    await submit(viewer, 1);
    await deliverDueScores();
    const total = await db().exercise.aggregate({ where: { courseId: world.courseId, hidden: false }, _sum: { points: true } });
    const posted = sim.scores.filter((s) => s.body.userId === sub && sim.context(CONTEXT).lineItems.get(s.lineItemId)?.resourceLinkId === courseLink.id);
    expect(posted.at(-1)?.body).toMatchObject({ scoreGiven: world.items.mulLayer.points, scoreMaximum: total._sum.points, activityProgress: "InProgress" });
  });
});

/**
 * The true statements of a node-rules variant, worked out as a student would: an add node passes
 * dout to both inputs, a multiply node sends dout times the other input.
 */
function rightStatements(presentation: { vars?: Record<string, string | number>; options: { id: string; label: string }[] }): string[] {
  const v = (name: string) => Number(presentation.vars?.[name]);
  const [x, y, dout] = [v("x"), v("y"), v("dout")];
  return presentation.options.flatMap((o) => {
    const m = /^(Add|Multiply) node .*∂L\/∂([xy]) = (\S+)$/.exec(o.label);
    if (!m) throw new Error(`unexpected statement: ${o.label}`);
    const want = m[1] === "Add" ? dout : m[2] === "x" ? dout * y : dout * x;
    return Math.abs(Number(m[3]) - want) < 1e-6 ? [o.id] : [];
  });
}

describe("the score under the course's rules (late policy, exam results)", () => {
  // A second LMS course on the same Chainrule course: its learners are members of no other
  // context, so the links below are the only ones their score changes reach.
  const RULES_CONTEXT = "ctx-course-rules";
  let instructor: Viewer;
  let examLink: string;
  let timeZone: string;

  /** "YYYY-MM-DD HH:MM" in the course's time zone, as the instructor types it. */
  const wall = (instant: number) => formatWall(wallTimeAt(instant, timeZone));
  const HOUR = 3_600_000;

  const assignment = (over: Partial<AssignmentInput>): AssignmentInput => ({
    courseId: world.courseId,
    title: "Rules",
    release: wall(Date.now() - 72 * HOUR),
    due: wall(Date.now() + 2 * HOUR),
    exerciseIds: [world.items.mulLayer.id],
    latePolicy: "none",
    latePenalty: 0,
    lateFloor: 0,
    lateUntil: "",
    lateFactor: 50,
    isExam: false,
    examMinutes: null,
    publicTestsInExam: false,
    ...over,
  });

  async function create(input: AssignmentInput): Promise<string> {
    const saved = await saveAssignment(instructor, input);
    if (!saved.ok || !saved.assignmentId) throw new Error(saved.ok ? "no assignment id" : saved.message);
    return saved.assignmentId;
  }

  /** An exam on MulLayer open now (no duration: no start needed), results not released. */
  const exam = () => create(assignment({ title: "Midterm", release: wall(Date.now() - HOUR), due: wall(Date.now() + 2 * HOUR), isExam: true }));

  /** A learner of RULES_CONTEXT, launched from `link`. */
  async function rulesLearner(link: string): Promise<{ viewer: Viewer; sub: string }> {
    const p = person(sim, "learner");
    const done = await launch(sim, p.sub, RULES_CONTEXT, { link });
    return { viewer: { id: done.userId, email: done.email, name: done.name, role: "student" }, sub: p.sub };
  }

  /** The scores the LMS received for `sub` on the line item of the LMS link `simLinkId`. */
  const postedTo = (sub: string, simLinkId: string) =>
    sim.scores.filter((s) => s.body.userId === sub && sim.context(RULES_CONTEXT).lineItems.get(s.lineItemId)?.resourceLinkId === simLinkId);

  async function rowOf(viewer: Viewer, simLinkId: string) {
    const link = await db().ltiResourceLink.findFirstOrThrow({ where: { resourceLinkId: simLinkId, context: { contextId: RULES_CONTEXT } }, select: { id: true } });
    return db().ltiScoreOutbox.findUniqueOrThrow({ where: { linkId_userId: { linkId: link.id, userId: viewer.id } } });
  }

  /** Every due row delivered (earlier tests' rows too, so more than one batch may be due). */
  async function drain(): Promise<void> {
    for (let round = 0; round < 20; round++) if ((await deliverDueScores()).claimed === 0) return;
    throw new Error("the outbox did not drain");
  }

  beforeAll(async () => {
    instructor = { id: world.instructorId, email: "instructor@example.com", name: null, role: "instructor" };
    timeZone = (await db().course.findUniqueOrThrow({ where: { id: world.courseId }, select: { timeZone: true } })).timeZone;
    await linkedContext(world, RULES_CONTEXT);
    examLink = sim.addLink(RULES_CONTEXT, { title: "MulLayer (exam)", custom: { chainrule_item: world.items.mulLayer.id }, lineItem: { scoreMaximum: world.items.mulLayer.points } }).id;
  });

  afterEach(async () => {
    // An item belongs to one assignment at a time; later tests see MulLayer as an ordinary item again.
    await db().assignment.deleteMany({ where: { courseId: world.courseId } });
  });

  it("an exam item sends nothing while its results are withheld; the release sends the best score once", async () => {
    const examId = await exam();
    const { viewer, sub } = await rulesLearner(examLink);
    await submit(viewer, 0.5);
    await submit(viewer, 0.75);
    expect(await rowOf(viewer, examLink)).toMatchObject({ status: "pending", changeSeq: 2 });

    await drain();
    expect(postedTo(sub, examLink)).toEqual([]);
    // Settled without a score: nothing left to send, and nothing recorded as sent.
    const settled = await rowOf(viewer, examLink);
    expect(settled).toMatchObject({ status: "delivered", changeSeq: 2, deliveredSeq: 2, deliveredScore: null, deliveredAt: null, attempts: 0 });
    expect((await deliverDueScores()).claimed).toBe(0);

    await releaseResults(instructor, examId);
    // Queued in the release's own transaction.
    expect(await rowOf(viewer, examLink)).toMatchObject({ status: "pending", changeSeq: 3, deliveredSeq: 2 });
    await drain();
    const posted = postedTo(sub, examLink);
    expect(posted).toHaveLength(1);
    expect(posted[0]?.body).toMatchObject({ userId: sub, scoreGiven: 0.75 * world.items.mulLayer.points, scoreMaximum: world.items.mulLayer.points, activityProgress: "Submitted" });
    expect(await rowOf(viewer, examLink)).toMatchObject({ status: "delivered", deliveredSeq: 3, deliveredScore: 0.75 * world.items.mulLayer.points });

    // Once: another round, or releasing again, sends nothing more.
    await drain();
    await releaseResults(instructor, examId);
    await drain();
    expect(postedTo(sub, examLink)).toHaveLength(1);
  });

  it("a late submission under a per-day policy sends the credited score, not the raw one", async () => {
    // Due 36 hours ago: a submission now is late by two started days, 20 % each, floor 50 %.
    await create(assignment({ title: "Week 1", due: wall(Date.now() - 36 * HOUR), latePolicy: "per-day", latePenalty: 20, lateFloor: 50 }));
    const { viewer, sub } = await rulesLearner(examLink);
    await submit(viewer, 1);
    await drain();

    const credited = await creditedBestOf(viewer.id, world.items.mulLayer.id, await readItemRules(viewer.id, world.items.mulLayer.id));
    expect(credited).toBeCloseTo(0.6, 9);
    const posted = postedTo(sub, examLink);
    expect(posted).toHaveLength(1);
    expect(posted[0]?.body.scoreGiven).toBeCloseTo(credited * world.items.mulLayer.points, 4);
    expect(Number(posted[0]?.body.scoreGiven)).toBeLessThan(1 * world.items.mulLayer.points);
    expect(posted[0]?.body).toMatchObject({ scoreMaximum: world.items.mulLayer.points, activityProgress: "Submitted" });
  });

  it("a changed late policy and an extension send the new credited score, each once", async () => {
    // Late by two started days under 20 % a day (floor 50 %): credited 0.6 of the raw 1.
    const input = assignment({ title: "Week 2", due: wall(Date.now() - 36 * HOUR), latePolicy: "per-day", latePenalty: 20, lateFloor: 50 });
    const id = await create(input);
    const { viewer, sub } = await rulesLearner(examLink);
    await submit(viewer, 1);
    await drain();
    const points = world.items.mulLayer.points;
    const given = () => postedTo(sub, examLink).map((s) => Math.round(Number(s.body.scoreGiven) * 1e4) / 1e4);
    const rounded = (...v: number[]) => v.map((x) => Math.round(x * points * 1e4) / 1e4);
    expect(given()).toEqual(rounded(0.6));

    // The instructor softens the policy to 10 % a day: 0.8, queued with the change itself.
    const saved = await saveAssignment(instructor, { ...input, assignmentId: id, latePenalty: 10 });
    expect(saved.ok).toBe(true);
    expect(await rowOf(viewer, examLink)).toMatchObject({ status: "pending" });
    await drain();
    expect(given()).toEqual(rounded(0.6, 0.8));

    // An extension past the submission: on time, the raw score.
    const extended = await applyExtension(instructor, { assignmentId: id, userId: viewer.id, due: wall(Date.now() + HOUR), minutes: 0, remove: false });
    expect(extended.ok).toBe(true);
    await drain();
    expect(given()).toEqual(rounded(0.6, 0.8, 1));
    await drain();
    expect(given()).toEqual(rounded(0.6, 0.8, 1));
  });

  it("a whole-course link counts a withheld exam item as 0 until the release, then includes it", async () => {
    const grader = createGraderClient({ onLog: () => undefined });
    try {
      const examId = await exam();
      const courseLink = sim.addLink(RULES_CONTEXT, { title: "Whole course (rules)", custom: { chainrule_course: world.courseId }, lineItem: { scoreMaximum: 2 } }).id;
      const { viewer, sub } = await rulesLearner(courseLink);
      // An ordinary item (the quiz, answered right and graded by the real grader) counts at once;
      // the exam item does not.
      const item = await getStudentItem(viewer, world.courseSlug, world.items.nodeRules.slug, grader);
      if (item?.kind !== "choice" || item.presentation.kind !== "choice") throw new Error("node-rules is not shown as a choice quiz");
      const answered = await answerQuiz(viewer, { exerciseId: world.items.nodeRules.id, answer: { kind: "choice", selected: rightStatements(item.presentation) } }, grader);
      expect(answered.ok && answered.result?.score).toBe(1);
      await submit(viewer, 1);
      const quizPoints = world.items.nodeRules.points;
      const total = await db().exercise.aggregate({ where: { courseId: world.courseId, hidden: false }, _sum: { points: true } });

      await drain();
      const before = postedTo(sub, courseLink);
      expect(before).toHaveLength(1);
      expect(before[0]?.body.scoreGiven).toBeCloseTo(quizPoints, 4);
      expect(before[0]?.body).toMatchObject({ scoreMaximum: total._sum.points, activityProgress: "InProgress" });

      await releaseResults(instructor, examId);
      await drain();
      const after = postedTo(sub, courseLink);
      expect(after).toHaveLength(2);
      expect(after[1]?.body.scoreGiven).toBeCloseTo(quizPoints + world.items.mulLayer.points, 4);
      expect(after[1]?.body).toMatchObject({ scoreMaximum: total._sum.points, activityProgress: "Completed" });
      await drain();
      expect(postedTo(sub, courseLink)).toHaveLength(2);
    } finally {
      await grader.close();
    }
  }, 60_000);
  describe("assignment links (decision 096)", () => {
    /** The instructor adds activities from the LMS: a deep-linking launch, the picker's choices and the token it needs. */
    async function pickerOf(): Promise<{ viewer: Viewer; sub: string; t: string }> {
      const teacher = person(sim, "instructor");
      const done = await launch(sim, teacher.sub, RULES_CONTEXT, { deepLink: true });
      expect(done.location).toMatch(/^\/lti\/deep-link\?t=/);
      return { viewer: { id: done.userId, email: done.email, name: done.name, role: done.role }, sub: teacher.sub, t: decodeURIComponent(done.location.split("t=")[1] ?? "") };
    }

    it("deep-linking an assignment: the platform verifies the signed response and makes a line item of the assignment's points; learner and staff land on its section", async () => {
      const id = await create(assignment({ title: "Week 3", exerciseIds: [world.items.mulLayer.id, world.items.nodeRules.id] }));
      const points = world.items.mulLayer.points + world.items.nodeRules.points;
      const picker = await pickerOf();
      const choices = await getDeepLinkChoices(picker.viewer, picker.t);
      expect(choices.assignments).toEqual([{ id, title: "Week 3", isExam: false, itemCount: 2, points }]);
      const refused = await buildDeepLinkResponse(picker.viewer, { t: picker.t, assignment: ["not-an-assignment"] });
      expect(refused.ok || englishText(refused.message)).toMatch(/assignments are not in this course/);

      const response = await buildDeepLinkResponse(picker.viewer, { t: picker.t, assignment: [id] });
      if (!response.ok) throw new Error(response.message);
      const posted = await fetch(response.returnUrl, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ JWT: response.jwt }) });
      expect(posted.status).toBe(200);
      const items = sim.deepLinkResponses.at(-1)?.items ?? [];
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ type: "ltiResourceLink", title: "Week 3", custom: { chainrule_assignment: id }, lineItem: { scoreMaximum: points, resourceId: id } });
      const simLink = [...sim.context(RULES_CONTEXT).links.values()].find((l) => l.custom.chainrule_assignment === id);
      expect(sim.context(RULES_CONTEXT).lineItems.get(simLink?.lineItemId ?? "")).toMatchObject({ scoreMaximum: points, resourceId: id });

      const student = person(sim, "learner");
      const section = `/courses/${world.courseSlug}#assignment-${id}`;
      expect((await launch(sim, student.sub, RULES_CONTEXT, { link: simLink?.id ?? "" })).location).toBe(section);
      expect((await launch(sim, picker.sub, RULES_CONTEXT, { link: simLink?.id ?? "" })).location).toBe(section);
      expect(await db().ltiResourceLink.findFirstOrThrow({ where: { resourceLinkId: simLink?.id ?? "" } })).toMatchObject({ assignmentId: id, exerciseId: null, courseId: null });
    });

    it("a learner's submissions on two items of the assignment send the summed credited score; an extension (a Prisma-side change) sends the new sum", async () => {
      const grader = createGraderClient({ onLog: () => undefined });
      try {
        // Due 36 hours ago under 20 % a day (floor 50 %): both items are credited 0.6 of their raw score.
        const id = await create(assignment({ title: "Week 4", due: wall(Date.now() - 36 * HOUR), latePolicy: "per-day", latePenalty: 20, lateFloor: 50, exerciseIds: [world.items.mulLayer.id, world.items.nodeRules.id] }));
        const [mul, quiz] = [world.items.mulLayer, world.items.nodeRules];
        const link = sim.addLink(RULES_CONTEXT, { title: "Week 4", custom: { chainrule_assignment: id }, lineItem: { scoreMaximum: mul.points + quiz.points } }).id;
        const { viewer, sub } = await rulesLearner(link);
        const credited = async (exerciseId: string) => creditedBestOf(viewer.id, exerciseId, await readItemRules(viewer.id, exerciseId));
        const given = () => postedTo(sub, link).map((s) => s.body);

        // The code item, recorded through the SQL recorder (recordGrade).
        await submit(viewer, 1);
        expect(await rowOf(viewer, link)).toMatchObject({ status: "pending" });
        await drain();
        expect(await credited(mul.id)).toBeCloseTo(0.6, 9);
        expect(given()).toHaveLength(1);
        expect(given()[0]?.scoreGiven).toBeCloseTo(0.6 * mul.points, 4);
        expect(given()[0]).toMatchObject({ scoreMaximum: mul.points + quiz.points, activityProgress: "InProgress" });

        // The quiz item, answered right and graded by the real grader (answerQuiz, the SQL recorder too).
        const item = await getStudentItem(viewer, world.courseSlug, quiz.slug, grader);
        if (item?.kind !== "choice" || item.presentation.kind !== "choice") throw new Error("node-rules is not shown as a choice quiz");
        const answered = await answerQuiz(viewer, { exerciseId: quiz.id, answer: { kind: "choice", selected: rightStatements(item.presentation) } }, grader);
        expect(answered.ok && answered.result?.score).toBe(1);
        await drain();
        const sum = (await credited(mul.id)) * mul.points + (await credited(quiz.id)) * quiz.points;
        expect(sum).toBeLessThan(mul.points + quiz.points);
        expect(given()).toHaveLength(2);
        expect(given()[1]?.scoreGiven).toBeCloseTo(sum, 4);
        expect(given()[1]).toMatchObject({ scoreMaximum: mul.points + quiz.points, activityProgress: "InProgress" });

        // An extension past both submissions (queued through the Prisma recorder): on time, the raw points.
        const extended = await applyExtension(instructor, { assignmentId: id, userId: viewer.id, due: wall(Date.now() + HOUR), minutes: 0, remove: false });
        expect(extended.ok).toBe(true);
        expect(await rowOf(viewer, link)).toMatchObject({ status: "pending" });
        await drain();
        expect(given()).toHaveLength(3);
        expect(given()[2]).toMatchObject({ scoreGiven: mul.points + quiz.points, scoreMaximum: mul.points + quiz.points, activityProgress: "Completed" });
        await drain();
        expect(given()).toHaveLength(3);
      } finally {
        await grader.close();
      }
    }, 60_000);

    it("an exam assignment's link sends nothing before its results are released, then the score once", async () => {
      const examId = await exam();
      const link = sim.addLink(RULES_CONTEXT, { title: "Midterm (assignment)", custom: { chainrule_assignment: examId }, lineItem: { scoreMaximum: world.items.mulLayer.points } }).id;
      const { viewer, sub } = await rulesLearner(link);
      await submit(viewer, 0.5);
      expect(await rowOf(viewer, link)).toMatchObject({ status: "pending", changeSeq: 1 });
      await drain();
      expect(postedTo(sub, link)).toEqual([]);
      expect(await rowOf(viewer, link)).toMatchObject({ status: "delivered", deliveredScore: null, deliveredAt: null });

      await releaseResults(instructor, examId);
      expect(await rowOf(viewer, link)).toMatchObject({ status: "pending" });
      await drain();
      const posted = postedTo(sub, link);
      expect(posted).toHaveLength(1);
      expect(posted[0]?.body).toMatchObject({ scoreGiven: 0.5 * world.items.mulLayer.points, scoreMaximum: world.items.mulLayer.points, activityProgress: "InProgress" });
      await drain();
      expect(postedTo(sub, link)).toHaveLength(1);
    });

    it("an item added to the assignment sends the new maximum even though no credited score changed", async () => {
      const [mul, quiz] = [world.items.mulLayer, world.items.nodeRules];
      const input = assignment({ title: "Week 6" });
      const id = await create(input);
      const link = sim.addLink(RULES_CONTEXT, { title: "Week 6", custom: { chainrule_assignment: id }, lineItem: { scoreMaximum: mul.points } }).id;
      const { viewer, sub } = await rulesLearner(link);
      await submit(viewer, 1);
      await drain();
      expect(postedTo(sub, link).map((s) => s.body)).toEqual([expect.objectContaining({ scoreGiven: mul.points, scoreMaximum: mul.points, activityProgress: "Completed" })]);

      const saved = await saveAssignment(instructor, { ...input, assignmentId: id, exerciseIds: [mul.id, quiz.id] });
      expect(saved.ok && saved.preview.changes).toEqual([]);
      expect(await rowOf(viewer, link)).toMatchObject({ status: "pending" });
      await drain();
      expect(postedTo(sub, link).map((s) => s.body)).toEqual([
        expect.objectContaining({ scoreGiven: mul.points }),
        expect.objectContaining({ scoreGiven: mul.points, scoreMaximum: mul.points + quiz.points, activityProgress: "InProgress" }),
      ]);
    });

    it("a deleted assignment: its link keeps its row with no assignment, and a new launch of it is refused by name", async () => {
      const id = await create(assignment({ title: "Week 5" }));
      const link = sim.addLink(RULES_CONTEXT, { title: "Week 5", custom: { chainrule_assignment: id }, lineItem: { scoreMaximum: world.items.mulLayer.points } }).id;
      await rulesLearner(link);
      await db().assignment.delete({ where: { id } });
      expect(await db().ltiResourceLink.findFirstOrThrow({ where: { resourceLinkId: link } })).toMatchObject({ assignmentId: null });
      // The refusal is a userText reference (issue 18): read in English here.
      const refused: unknown = await launch(sim, person(sim, "learner").sub, RULES_CONTEXT, { link }).then(() => null, (e: unknown) => e);
      expect(englishText(refused instanceof Error ? refused.message : "")).toMatch(/assignment this LMS activity opens was deleted/);
    });
  });
});

describe("who sees the passback", () => {
  it("the course's staff do; an instructor of other courses is refused", async () => {
    const stranger = await db().user.create({ data: { email: `stranger-${Date.now()}@example.com`, passwordHash: "x", role: "instructor" } });
    await expect(getPassbackStatus({ id: stranger.id, email: stranger.email, name: null, role: "instructor" }, world.courseId)).rejects.toThrow(userText("instructorData.notYourCourse"));
    const row = await db().ltiScoreOutbox.findFirstOrThrow();
    await expect(resendScore({ id: stranger.id, email: stranger.email, name: null, role: "instructor" }, { linkId: row.linkId, userId: row.userId })).rejects.toThrow(userText("instructorData.notYourCourse"));
  });
});

describe("cost on the submission path", () => {
  it("recordScoreChange in a write transaction costs microseconds (figure printed)", async () => {
    const local = await db().user.findFirstOrThrow({ where: { email: "student@example.com" }, select: { id: true } });
    const { viewer } = await learner();
    const measure = async (userId: string) => {
      const n = 2000;
      const t0 = performance.now();
      await writeTransaction(function* (sql) {
        for (let i = 0; i < n; i++) yield* recordScoreChange(sql, { userId, exerciseId: world.items.nodeRules.id });
      });
      return ((performance.now() - t0) * 1000) / n;
    };
    const none = await measure(local.id);
    const lti = await measure(viewer.id);
    console.info(`[lti bench] recordScoreChange: ${none.toFixed(1)} µs for a student not from an LMS, ${lti.toFixed(1)} µs for an LMS learner (row upserted)`);
    // SQLite runs it in the batched synchronous transaction; PostgreSQL pays a round trip per statement.
    expect(none).toBeLessThan(databaseEngine() === "postgresql" ? 3_000 : 200);
  });
});
