import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Viewer } from "@/lib/data/access";
import { assignmentInputSchema, previewAssignment, saveAssignment, setCourseTimeZone, type AssignmentInput } from "@/lib/data/assignments";
import { db } from "@/lib/data/db";
import { seedDemo } from "@/lib/data/demo-seed";
import { joinCourseByCode } from "@/lib/data/enrollment";
import { getExamLog, previewReleaseResults, releaseResults, startExam } from "@/lib/data/exams";
import { applyExtension, applyExtensionCsv, dryRunExtensionCsv, previewExtension, resetItemAttempts, setExtraAttempts } from "@/lib/data/extensions";
import { getGradebook } from "@/lib/data/gradebook";
import { getCourseOutline } from "@/lib/data/progress";
import {
  answerQuiz,
  describeGradedSubmission,
  getOwnSubmissionStatus,
  listSubmissionHistory,
  startCodeSubmission,
  type FinishedSubmission,
  type SubmissionJob,
} from "@/lib/data/submissions";
import { gradeStored } from "@/lib/submissions/embedded";
import { createUser } from "@/lib/data/users";
import { loadPackage } from "@/lib/exercises/loader";
import type { GradeResult } from "@/lib/grading/contract";
import { userText } from "@/lib/i18n/user-text";
import { englishText } from "@/lib/i18n/translate";

// Asymmetric matchers typed as unknown (they are `any`), so objects holding them stay type-safe.
const containing = (text: string): unknown => expect.stringContaining(text);
const matching = (pattern: RegExp): unknown => expect.stringMatching(pattern);
const like = (shape: Record<string, unknown>): unknown => expect.objectContaining(shape);


// Running a course in the data layer, on a real SQLite copy: assignments with a late policy in the
// course's time zone, the last second before the due time (the server's stored time counts),
// extensions one by one and by CSV (bad rows refused by line, nothing applied half-way), extra
// attempts and resets, and an exam whose results stay hidden until released.

const graded = (score: number, diagnosis: string | null = null): GradeResult => ({
  score,
  gradable: true,
  tests: [{ name: "hidden case 1", points: score, maxPoints: 1, passed: score >= 1, message: score >= 1 ? "" : "dx is wrong" }],
  diagnosis: diagnosis ? { id: diagnosis, message: `Known mistake: ${diagnosis}` } : null,
  stdout: "printed during hidden tests",
  timings: { transpileMs: 1, runMs: 1, totalMs: 2 },
});

let instructor: Viewer;
let courseId: string;
let mulLayer: string;
let quiz: string;
let n = 0;

async function student(): Promise<Viewer> {
  const email = `runner-${++n}@example.com`;
  const created = await createUser({ email, password: "long enough password", name: undefined });
  if (!created.ok) throw new Error("could not create user");
  const viewer: Viewer = { id: created.user.id, email, name: null, role: "student" };
  await joinCourseByCode(viewer, "BACKPROP");
  return viewer;
}

/** Records `result` for a stored submission as the grader would, and reads it back as the item page does. */
async function finish(viewer: Viewer, job: SubmissionJob, result: GradeResult): Promise<FinishedSubmission> {
  await gradeStored(job, { grade: () => Promise.resolve(result) });
  const status = await getOwnSubmissionStatus(viewer, job.submissionId);
  if (status?.status !== "graded") throw new Error(`submission not graded: ${JSON.stringify(status)}`);
  return describeGradedSubmission(viewer, status);
}

/** A code submission stored at the fake clock's time and graded with `score`. */
async function submitAt(viewer: Viewer, at: string | number, score: number, mode: "hidden" | "public" = "hidden") {
  vi.setSystemTime(new Date(at));
  const started = await startCodeSubmission(viewer, { exerciseId: mulLayer, code: `// ${score}\nexport class MulLayer {}`, mode });
  if (!started.ok) return started;
  return { ok: true as const, id: started.job.submissionId, finished: await finish(viewer, started.job, graded(score)) };
}

const base = (over: Partial<AssignmentInput> = {}): AssignmentInput => ({
  courseId,
  title: "Week 3: layers",
  release: "2026-12-01 09:00",
  due: "2026-12-10 23:59",
  exerciseIds: [mulLayer],
  latePolicy: "per-day",
  latePenalty: 20,
  lateFloor: 50,
  lateUntil: "",
  lateFactor: 50,
  isExam: false,
  examMinutes: null,
  publicTestsInExam: false,
  ...over,
});

beforeAll(async () => {
  const packages = await Promise.all(["mul-layer", "predict-dapple"].map((s) => loadPackage(`exercises/${s}`)));
  const seeded = await seedDemo(packages);
  courseId = seeded.courseId;
  instructor = { id: seeded.instructorId, email: "instructor@example.com", name: "Demo Instructor", role: "instructor" };
  mulLayer = (await db().exercise.findUniqueOrThrow({ where: { slug: "mul-layer" }, select: { id: true } })).id;
  quiz = (await db().exercise.findUniqueOrThrow({ where: { slug: "predict-dapple" }, select: { id: true } })).id;
  await setCourseTimeZone(instructor, { courseId, timeZone: "Europe/Berlin" });
});

afterEach(async () => {
  vi.useRealTimers();
  await db().assignment.deleteMany({ where: { courseId } });
});

/** A refusal's message as an English reader gets it (lib/ writes userText references). */
function inEnglish<T>(outcome: T): T {
  if (typeof outcome !== "object" || outcome === null || !("message" in outcome) || typeof outcome.message !== "string") return outcome;
  return { ...outcome, message: englishText(outcome.message) };
}

describe("assignments with a late policy", () => {
  it("reads 'due 23:59' in the course's time zone and refuses a due time before the release", async () => {
    const refused = await previewAssignment(instructor, base({ due: "2026-11-30 23:59" }));
    expect(refused).toMatchObject({ ok: false, errors: { due: containing("instructorData.dueAfterRelease") } });
    expect(englishText(!refused.ok && "errors" in refused ? (refused.errors?.due ?? "") : "")).toContain("must be after the release time");
    const zoned = await previewAssignment(instructor, base({ due: "2026-12-10 23:59+01:00" }));
    expect(englishText(!zoned.ok && "errors" in zoned ? (zoned.errors?.due ?? "") : "")).toContain("names a time zone or offset");
    // A dry run writes nothing.
    expect(await db().assignment.count({ where: { courseId } })).toBe(0);
    const saved = await saveAssignment(instructor, base());
    expect(saved.ok).toBe(true);
    const row = await db().assignment.findFirstOrThrow({ where: { courseId }, select: { releaseAt: true, dueAt: true } });
    expect(row.dueAt.toISOString()).toBe("2026-12-10T22:59:00.000Z"); // 23:59 in Berlin (CET)
    expect(row.releaseAt.toISOString()).toBe("2026-12-01T08:00:00.000Z");
    // A title PostgreSQL could not store is refused at the boundary on both engines.
    expect(assignmentInputSchema.safeParse(base({ title: "Week\u00003" })).error?.issues[0]?.message).toBe("The text contains a NUL character (U+0000)");
  });

  it("the last second before the due time is on time (by the server's stored time); late work earns what the policy says; raw scores stay", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-20T00:00:00Z"));
    await saveAssignment(instructor, base());
    const ada = await student();
    const onTime = await submitAt(ada, "2026-12-10T22:58:59.999Z", 0.5);
    expect(onTime.ok).toBe(true);
    const late = await submitAt(ada, "2026-12-10T22:59:00.001Z", 1); // one millisecond late: a started day
    expect(late.ok && late.finished.bestScore).toBe(0.8); // the item page's "best score" is the credited one
    const stored = await db().submission.findMany({ where: { userId: ada.id }, orderBy: { createdAt: "asc" }, select: { createdAt: true, score: true } });
    expect(stored.map((s) => [s.createdAt.toISOString(), s.score])).toEqual([
      ["2026-12-10T22:58:59.999Z", 0.5],
      ["2026-12-10T22:59:00.001Z", 1],
    ]);
    const outline = await getCourseOutline(ada, "backprop");
    expect(outline?.items.find((i) => i.slug === "mul-layer")).toMatchObject({ bestScore: 0.8, rawScore: 1, lateAttempts: 1 });
    const assignment = outline?.assignments[0];
    expect(assignment && { ...assignment, policy: englishText(assignment.policy ?? "") }).toMatchObject({ lateNow: true, factorNow: 0.8, policy: "late work loses 20 % per started day, never below 50 %" });

    // The gradebook keeps both; changing the policy (dry run, then apply) moves only the credit.
    const book = await getGradebook(instructor, courseId);
    const row = book.rows.find((r) => r.student.id === ada.id);
    const col = book.items.findIndex((i) => i.id === mulLayer);
    expect(row?.cells[col]).toMatchObject({ bestScore: 1, creditedScore: 0.8 });
    const a = await db().assignment.findFirstOrThrow({ where: { courseId }, select: { id: true } });
    const dry = await previewAssignment(instructor, base({ assignmentId: a.id, latePolicy: "none" }));
    if (!dry.ok) throw new Error(dry.message);
    expect(dry.preview.changes).toEqual([like({ email: ada.email, itemSlug: "mul-layer", raw: 1, before: 0.8, after: 0.5 })]);
    expect((await getCourseOutline(ada, "backprop"))?.items.find((i) => i.slug === "mul-layer")?.bestScore).toBe(0.8);
    await saveAssignment(instructor, base({ assignmentId: a.id, latePolicy: "none" }));
    expect((await getCourseOutline(ada, "backprop"))?.items.find((i) => i.slug === "mul-layer")).toMatchObject({ bestScore: 0.5, rawScore: 1 });
    expect((await db().submission.findMany({ where: { userId: ada.id }, select: { score: true } })).map((s) => s.score).sort()).toEqual([0.5, 1]);
  });

  it("refuses a submission before the release and stores nothing", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-20T00:00:00Z"));
    await saveAssignment(instructor, base());
    const bob = await student();
    const early = await submitAt(bob, "2026-12-01T07:59:59Z", 1);
    expect(early.ok ? early : { ...early, message: englishText(early.message) }).toEqual({ ok: false, message: matching(/^This assignment opens Tue, 1 Dec 2026, 09:00 \(Europe\/Berlin\)\. Nothing was stored\.$/) });
    expect(await db().submission.count({ where: { userId: bob.id } })).toBe(0);
    const outline = await getCourseOutline(bob, "backprop");
    expect(outline?.items.find((i) => i.slug === "mul-layer")?.closedReason).toContain("opens");
  });
});

describe("extensions and exceptions", () => {
  it("an extension moves the student's due time after a dry run; a student not enrolled gets none", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-20T00:00:00Z"));
    await saveAssignment(instructor, base({ latePolicy: "none" }));
    const a = await db().assignment.findFirstOrThrow({ where: { courseId }, select: { id: true } });
    const cleo = await student();
    await submitAt(cleo, "2026-12-11T10:00:00Z", 1); // late: earns nothing under "no late work"
    expect((await getCourseOutline(cleo, "backprop"))?.items.find((i) => i.slug === "mul-layer")).toMatchObject({ bestScore: 0, rawScore: 1 });
    const input = { assignmentId: a.id, userId: cleo.id, due: "2026-12-12 23:59", minutes: 0, remove: false };
    const dry = await previewExtension(instructor, input);
    expect(dry).toMatchObject({ ok: true, preview: { changes: [like({ before: 0, after: 1 })] } });
    expect(await db().extension.count()).toBe(0);
    expect(await applyExtension(instructor, input)).toMatchObject({ ok: true });
    expect((await getCourseOutline(cleo, "backprop"))?.items.find((i) => i.slug === "mul-layer")).toMatchObject({ bestScore: 1 });
    expect((await getCourseOutline(cleo, "backprop"))?.assignments[0]).toMatchObject({ extended: true, dueAt: new Date("2026-12-12T22:59:00Z") });

    const outsider = await createUser({ email: `outsider-${n}@example.com`, password: "long enough password", name: undefined });
    if (!outsider.ok) throw new Error("no user");
    await expect(previewExtension(instructor, { ...input, userId: outsider.user.id })).rejects.toMatchObject({ status: 403, message: userText("instructorData.studentNotEnrolled") });
    const early = await previewExtension(instructor, { ...input, due: "2026-11-01 10:00" });
    expect(early.ok ? early : { ...early, message: englishText(early.message) }).toMatchObject({ ok: false, message: containing("before the release") });
  });

  it("a CSV with bad rows is refused with line numbers and nothing applied; a good one applies whole", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-20T00:00:00Z"));
    await saveAssignment(instructor, base());
    const [dan, eve, fox] = [await student(), await student(), await student()];
    const outsider = await createUser({ email: `not-enrolled-${n}@example.com`, password: "long enough password", name: undefined });
    if (!outsider.ok) throw new Error("no user");
    const bad = [
      "email,assignment,due,minutes",
      `${dan.email},Week 3: layers,2026-12-12 23:59,`,
      `${eve.email},Week 3: layers,12/14/2026 23:59,`,
      `nobody@example.com,Week 3: layers,,60`,
      `${outsider.user.email},Week 3: layers,,60`,
      `${dan.email},Week 3: layers,,30`,
      `${fox.email},Week 3: layers,2026-12-14 23:59 CET,`,
      `${eve.email},Week 3: layers,2026-11-14 23:59,`,
    ].join("\n");
    const refused = await dryRunExtensionCsv(instructor, { courseId, csv: bad });
    expect(refused).toMatchObject({ ok: false });
    if (refused.ok) return;
    expect(refused.problems.map((p) => ({ ...p, reason: englishText(p.reason) }))).toEqual([
      { line: 3, reason: containing("is not a date and time") },
      { line: 4, reason: "no account has the email nobody@example.com" },
      { line: 5, reason: `${outsider.user.email} is not a student enrolled in this course` },
      { line: 6, reason: "duplicates line 2 (the same student and assignment)" },
      { line: 7, reason: containing("names a time zone or offset") },
      { line: 8, reason: "duplicates line 3 (the same student and assignment)" },
    ]);
    expect(await applyExtensionCsv(instructor, { courseId, csv: bad })).toMatchObject({ ok: false });
    expect(await db().extension.count()).toBe(0);

    const good = ["email,assignment,due,minutes", `${dan.email},Week 3: layers,2026-12-12 23:59,`, `${eve.email},week 3: LAYERS,,90`].join("\r\n");
    const dry = await dryRunExtensionCsv(instructor, { courseId, csv: good });
    expect(dry).toMatchObject({ ok: true, preview: { rows: [like({ line: 2, after: "due Sat, 12 Dec 2026, 23:59 (Europe/Berlin)" }), like({ line: 3, after: "due Thu, 10 Dec 2026, 23:59 (Europe/Berlin) +90 min" })] } });
    expect(await db().extension.count()).toBe(0);
    expect(await applyExtensionCsv(instructor, { courseId, csv: good })).toMatchObject({ ok: true });
    const rows = await db().extension.findMany({ orderBy: { extraMinutes: "asc" }, select: { userId: true, dueAt: true, extraMinutes: true } });
    expect(rows).toEqual([
      { userId: dan.id, dueAt: new Date("2026-12-12T22:59:00Z"), extraMinutes: 0 },
      { userId: eve.id, dueAt: null, extraMinutes: 90 },
    ]);
  });

  it("extra attempts and a reset give attempts back without removing any score", async () => {
    const meta = await db().exercise.findUniqueOrThrow({ where: { id: mulLayer }, select: { currentVersion: { select: { id: true, meta: true } } } });
    const limited = { ...(meta.currentVersion?.meta as Record<string, unknown>), attempts: { max: 1 } };
    await db().exerciseVersion.update({ where: { id: meta.currentVersion?.id ?? "" }, data: { meta: limited } });
    try {
      const fay = await student();
      const first = await startCodeSubmission(fay, { exerciseId: mulLayer, code: "export class MulLayer {}", mode: "hidden" });
      if (!first.ok) throw new Error(first.message);
      expect((await finish(fay, first.job, graded(0.25))).attemptsLeft).toBe(0);
      expect(await startCodeSubmission(fay, { exerciseId: mulLayer, code: "x", mode: "hidden" })).toMatchObject({ ok: false, message: userText("errors.attemptsUsedExercise") });
      await setExtraAttempts(instructor, { exerciseId: mulLayer, userId: fay.id, extraAttempts: 1 });
      const second = await startCodeSubmission(fay, { exerciseId: mulLayer, code: "export class MulLayer { }", mode: "hidden" });
      if (!second.ok) throw new Error(second.message);
      expect((await finish(fay, second.job, graded(0.5))).attemptsLeft).toBe(0);
      const reset = await resetItemAttempts(instructor, { exerciseId: mulLayer, userId: fay.id });
      expect(englishText(reset.message)).toContain("2 attempts used so far no longer count");
      const outline = await getCourseOutline(fay, "backprop");
      expect(outline?.items.find((i) => i.slug === "mul-layer")).toMatchObject({ attempts: 2, maxAttempts: 3, bestScore: 0.5 });
      expect(await db().submission.count({ where: { userId: fay.id } })).toBe(2);
    } finally {
      await db().exerciseVersion.update({ where: { id: meta.currentVersion?.id ?? "" }, data: { meta: meta.currentVersion?.meta ?? {} } });
      await db().itemAllowance.deleteMany();
    }
  });
});

describe("an exam with hidden results", () => {
  const exam = (over: Partial<AssignmentInput> = {}) =>
    base({ title: "Midterm", release: "2026-12-15 10:00", due: "2026-12-15 12:00", isExam: true, examMinutes: 60, exerciseIds: [mulLayer, quiz], ...over });

  it("refuses out-of-window and unstarted submissions with nothing stored, hides results until the release, and logs every submission", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-12-01T00:00:00Z"));
    await saveAssignment(instructor, exam());
    const a = await db().assignment.findFirstOrThrow({ where: { courseId }, select: { id: true } });
    const gus = await student();
    const fakeGrader = { grade: () => Promise.resolve(graded(1)) };

    expect(inEnglish(await submitAt(gus, "2026-12-15T08:59:59Z", 1))).toMatchObject({ ok: false, message: containing("This exam opens") });
    expect(inEnglish(await submitAt(gus, "2026-12-15T09:10:00Z", 1))).toMatchObject({ ok: false, message: "Start the exam first (on the course page). Nothing was stored." });
    expect(await db().submission.count({ where: { userId: gus.id } })).toBe(0);

    vi.setSystemTime(new Date("2026-12-15T09:10:00Z"));
    expect(await startExam(gus, a.id)).toMatchObject({ ok: true, endsAt: new Date("2026-12-15T10:10:00Z") });
    // Public tests are off in this exam: refused before anything is stored.
    expect(inEnglish(await submitAt(gus, "2026-12-15T09:20:00Z", 1, "public"))).toMatchObject({ ok: false, message: containing("Public tests are off") });
    const inTime = await submitAt(gus, "2026-12-15T09:30:00Z", 0.75);
    if (!inTime.ok) throw new Error(inTime.message);
    expect(inTime.finished).toMatchObject({ result: null, bestScore: null, withheld: { gradable: true, error: null } });
    expect(JSON.stringify(inTime.finished)).not.toMatch(/hidden case|dx is wrong|printed during/);
    expect((await listSubmissionHistory(gus, mulLayer))[0]).toMatchObject({ score: null, diagnosis: null, withheld: true });
    expect(await getOwnSubmissionStatus(gus, inTime.id)).toMatchObject({ status: "graded", score: null, result: null, withheld: { gradable: true } });
    vi.setSystemTime(new Date("2026-12-15T09:40:00Z"));
    const answered = await answerQuiz(gus, { exerciseId: quiz, answer: { kind: "numeric", values: { total: 1 } } }, fakeGrader);
    expect(answered).toMatchObject({ ok: true, result: null, bestScore: null, withheld: { gradable: true } });
    const outline = await getCourseOutline(gus, "backprop");
    expect(outline?.items.find((i) => i.slug === "mul-layer")).toMatchObject({ resultsHidden: true, bestScore: 0, rawScore: 0, status: "attempted" });
    // Over the student's 60 minutes (10:10), still inside the window: refused, nothing stored.
    expect(inEnglish(await submitAt(gus, "2026-12-15T10:10:00.001Z", 1))).toMatchObject({ ok: false, message: containing("Your exam time ended") });
    expect(await db().submission.count({ where: { userId: gus.id } })).toBe(1);

    const log = await getExamLog(instructor, a.id);
    const entry = log.students.find((s) => s.userId === gus.id);
    expect(entry).toMatchObject({ startedAt: new Date("2026-12-15T09:10:00Z"), endsAt: new Date("2026-12-15T10:10:00Z") });
    expect(entry?.submissions.map((s) => [s.at.toISOString(), s.kind, s.score])).toEqual([
      ["2026-12-15T09:30:00.000Z", "code", 0.75],
      ["2026-12-15T09:40:00.000Z", "quiz", 1],
    ]);

    const dry = await previewReleaseResults(instructor, a.id);
    expect(dry.alreadyReleasedAt).toBeNull();
    expect(dry.students).toContainEqual({ email: gus.email, items: 2, submissions: 2 });
    expect((await getCourseOutline(gus, "backprop"))?.items.find((i) => i.slug === "mul-layer")?.resultsHidden).toBe(true);
    await releaseResults(instructor, a.id);
    expect((await getCourseOutline(gus, "backprop"))?.items.find((i) => i.slug === "mul-layer")).toMatchObject({ resultsHidden: false, bestScore: 0.75 });
    expect((await listSubmissionHistory(gus, mulLayer))[0]).toMatchObject({ score: 0.75, withheld: false });
  });

  it("a quiz answer is checked again in the transaction that stores it: an exam closed while it was graded stores nothing", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-12-01T00:00:00Z"));
    await saveAssignment(instructor, exam({ examMinutes: null }));
    const a = await db().assignment.findFirstOrThrow({ where: { courseId }, select: { id: true } });
    const jo = await student();
    // No duration: the exam's items are open during its window, no start needed.
    vi.setSystemTime(new Date("2026-12-15T09:30:00Z"));
    const answer = { exerciseId: quiz, answer: { kind: "numeric" as const, values: { total: 1 } } };
    // While the answer is graded, the instructor ends the exam (due time moved before the answer's time).
    const closingGrader = {
      grade: async () => {
        await db().assignment.update({ where: { id: a.id }, data: { dueAt: new Date("2026-12-15T09:00:00Z") } });
        return graded(1);
      },
    };
    expect(inEnglish(await answerQuiz(jo, answer, closingGrader))).toMatchObject({ ok: false, message: containing("The exam closed") });
    expect(await db().quizAnswer.count({ where: { userId: jo.id } })).toBe(0);
    expect(await db().progress.count({ where: { userId: jo.id, exerciseId: quiz } })).toBe(0);
    // Refused before grading once the exam is closed: the grader is never asked.
    const unusedGrader = { grade: () => Promise.reject(new Error("graded a refused answer")) };
    expect(inEnglish(await answerQuiz(jo, answer, unusedGrader))).toMatchObject({ ok: false, message: containing("The exam closed") });
  });

  it("extra minutes lengthen a student's exam; a student who never started cannot submit after the window", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-12-01T00:00:00Z"));
    await saveAssignment(instructor, exam());
    const a = await db().assignment.findFirstOrThrow({ where: { courseId }, select: { id: true } });
    const hal = await student();
    await applyExtension(instructor, { assignmentId: a.id, userId: hal.id, due: "", minutes: 30, remove: false });
    vi.setSystemTime(new Date("2026-12-15T10:45:00Z"));
    expect(await startExam(hal, a.id)).toMatchObject({ ok: true, endsAt: new Date("2026-12-15T11:30:00Z") }); // window 11:00 + 30
    expect(await submitAt(hal, "2026-12-15T11:29:59Z", 1)).toMatchObject({ ok: true });
    expect(inEnglish(await submitAt(hal, "2026-12-15T11:30:01Z", 1))).toMatchObject({ ok: false, message: containing("The exam closed") });
    const ivy = await student();
    vi.setSystemTime(new Date("2026-12-15T11:00:01Z"));
    expect(inEnglish(await startExam(ivy, a.id))).toMatchObject({ ok: false, message: containing("The exam closed") });
  });
});
