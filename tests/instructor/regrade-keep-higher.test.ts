import { describe, expect, it } from "vitest";
import { isAccessError, type Viewer } from "@/lib/data/access";
import { db } from "@/lib/data/db";
import { listGradeNotices, NOTICE_DAYS } from "@/lib/data/grade-notices";
import { hashPassword } from "@/lib/data/passwords";
import { applyRegrade, dryRunRegrade, type RegradeGrader } from "@/lib/data/regrade";
import type { GradeResult } from "@/lib/grading/contract";
import { seedCast } from "./helpers";

// Regrade with "keep the higher score" (decision 126) and the grade notices it leaves: with a
// stand-in grader that scores each stored code by a table, so every case is exact. Two students on
// an item of the demo course: Ada's answer loses under the new version (1 → 0.5), Ben's gains
// (0.4 → 0.8). The dry run counts the grades that would go down; keep-higher leaves Ada's attempt
// as it was; every student whose best score changed reads a notice, and no one else does.

const NEW_SCORES: Record<string, number> = { "ada-code": 0.5, "ben-code": 0.8 };
const result = (score: number): GradeResult => ({ score, gradable: true, tests: [], diagnosis: null, stdout: "", timings: { transpileMs: 0, runMs: 0, totalMs: 0 } });
const grader: RegradeGrader = {
  grade: (job) => Promise.resolve(result("code" in job && typeof job.code === "string" ? (NEW_SCORES[job.code] ?? 0) : 0)),
};

async function fixture() {
  const cast = await seedCast();
  // A code item of the demo course (its package is never run: the grader is a stand-in).
  const item = await db().exercise.upsert({
    where: { key: "regrade-item" },
    update: {},
    create: { key: "regrade-item", slug: "mul-layer", courseId: cast.courseId, title: "MulLayer", kind: "code", order: 1, hidden: false },
    select: { id: true, title: true },
  });
  const version = await db().exerciseVersion.upsert({
    where: { exerciseId_contentHash: { exerciseId: item.id, contentHash: "regrade-v1" } },
    update: {},
    create: { exerciseId: item.id, contentHash: "regrade-v1", meta: { title: "MulLayer" }, files: { "exercise.json": "{}" } },
    select: { id: true },
  });
  await db().exercise.update({ where: { id: item.id }, data: { currentVersionId: version.id, hidden: false } });
  await db().exercise.upsert({ where: { key: "regrade-other" }, update: {}, create: { key: "regrade-other", slug: "other-item", courseId: cast.courseId, title: "Other", kind: "code", order: 2 } });
  const versionId = version.id;
  const student = async (email: string): Promise<Viewer> => {
    const user = await db().user.upsert({
      where: { email },
      update: {},
      create: { email, name: email.split("@")[0] ?? null, role: "student", passwordHash: await hashPassword("x-password") },
      select: { id: true, email: true, name: true, role: true },
    });
    await db().enrollment.upsert({ where: { userId_courseId: { userId: user.id, courseId: cast.courseId } }, update: {}, create: { userId: user.id, courseId: cast.courseId } });
    return user;
  };
  const ada = await student("ada-regrade@example.com");
  const ben = await student("ben-regrade@example.com");
  const outsider = await db().user.upsert({
    where: { email: "outsider-regrade@example.com" },
    update: {},
    create: { email: "outsider-regrade@example.com", role: "student", passwordHash: await hashPassword("x-password") },
    select: { id: true, email: true, name: true, role: true },
  });
  // Fresh attempts and progress for this item: each test starts from the same state.
  await db().submission.deleteMany({ where: { exerciseId: item.id } });
  await db().progress.deleteMany({ where: { exerciseId: item.id } });
  await db().gradeNotice.deleteMany({});
  const submit = async (who: Viewer, code: string, score: number) => {
    const sub = await db().submission.create({
      data: { userId: who.id, exerciseId: item.id, exerciseVersionId: versionId, code, seed: 7, mode: "hidden", status: "graded", gradable: true, score, result: JSON.parse(JSON.stringify(result(score))) as object },
      select: { id: true },
    });
    await db().progress.create({ data: { userId: who.id, exerciseId: item.id, bestScore: score, attempts: 1, completedAt: score >= 1 ? new Date() : null } });
    return sub.id;
  };
  const adaSub = await submit(ada, "ada-code", 1);
  const benSub = await submit(ben, "ben-code", 0.4);
  return { cast, item, ada, ben, outsider, adaSub, benSub };
}

const best = async (userId: string, exerciseId: string) => (await db().progress.findUniqueOrThrow({ where: { userId_exerciseId: { userId, exerciseId } } })).bestScore;

describe("regrade: keep the higher score, and notices for the students whose grade changed", () => {
  it("the dry run says how many grades would go down, with and without keeping the higher score", async () => {
    const { cast, item, ada, ben } = await fixture();
    const replace = await dryRunRegrade(cast.instructor, item.id, grader);
    expect(replace).toMatchObject({ keepHigher: false, wouldLower: 1, lowered: 1, attempts: 2, changedAttempts: 2 });
    expect(replace.students.find((s) => s.userId === ada.id)).toMatchObject({ oldBest: 1, newBest: 0.5, replacedBest: 0.5 });
    const keep = await dryRunRegrade(cast.instructor, item.id, grader, { keepHigher: true });
    expect(keep).toMatchObject({ keepHigher: true, wouldLower: 1, lowered: 0, changedAttempts: 1 });
    expect(keep.students.find((s) => s.userId === ada.id)).toMatchObject({ oldBest: 1, newBest: 1, replacedBest: 0.5 });
    expect(keep.students.find((s) => s.userId === ben.id)).toMatchObject({ oldBest: 0.4, newBest: 0.8 });
    // A dry run writes nothing, notices included.
    expect(await best(ada.id, item.id)).toBe(1);
    expect(await db().gradeNotice.count()).toBe(0);
  });

  it("keep the higher score: no grade goes down, the lowered attempt is left as it was, and only Ben is told", async () => {
    const { cast, item, ada, ben, adaSub, benSub } = await fixture();
    const before = await db().submission.findUniqueOrThrow({ where: { id: adaSub } });
    const applied = await applyRegrade(cast.instructor, item.id, grader, { keepHigher: true });
    expect(applied).toMatchObject({ keepHigher: true, lowered: 0, wouldLower: 1 });
    expect(await best(ada.id, item.id)).toBe(1);
    expect(await best(ben.id, item.id)).toBe(0.8);
    // Ada's attempt: same score, result and version (graded by the version she was graded by).
    const after = await db().submission.findUniqueOrThrow({ where: { id: adaSub } });
    expect({ score: after.score, result: after.result, version: after.exerciseVersionId }).toEqual({ score: before.score, result: before.result, version: before.exerciseVersionId });
    expect((await db().submission.findUniqueOrThrow({ where: { id: benSub } })).score).toBe(0.8);
    const notices = await db().gradeNotice.findMany({ select: { userId: true, exerciseId: true, oldScore: true, newScore: true } });
    expect(notices).toEqual([{ userId: ben.id, exerciseId: item.id, oldScore: 0.4, newScore: 0.8 }]);
  });

  it("use the new score: Ada's grade goes down and she is told so, from 100 % to 50 %", async () => {
    const { cast, item, ada, ben } = await fixture();
    const applied = await applyRegrade(cast.instructor, item.id, grader);
    expect(applied).toMatchObject({ keepHigher: false, lowered: 1 });
    expect(await best(ada.id, item.id)).toBe(0.5);
    const adaNotices = await listGradeNotices(ada, cast.courseId);
    expect(adaNotices?.map((n) => ({ slug: n.slug, title: n.title, oldScore: n.oldScore, newScore: n.newScore }))).toEqual([{ slug: "mul-layer", title: item.title, oldScore: 1, newScore: 0.5 }]);
    // On the item's page (filtered by item) and not on another item's.
    expect(await listGradeNotices(ada, cast.courseId, { exerciseId: item.id })).toHaveLength(1);
    const other = await db().exercise.findFirstOrThrow({ where: { courseId: cast.courseId, NOT: { id: item.id } }, select: { id: true } });
    expect(await listGradeNotices(ada, cast.courseId, { exerciseId: other.id })).toEqual([]);
    // Each student reads only their own.
    expect((await listGradeNotices(ben, cast.courseId))?.map((n) => n.newScore)).toEqual([0.8]);
    // A notice drops out by itself after NOTICE_DAYS.
    const later = new Date(Date.now() + (NOTICE_DAYS + 1) * 86_400_000);
    expect(await listGradeNotices(ada, cast.courseId, { now: later })).toEqual([]);
  });

  it("notices: not shown on a hidden item, refused to anonymous callers and to students of other courses", async () => {
    const { cast, item, ada, outsider } = await fixture();
    await applyRegrade(cast.instructor, item.id, grader);
    await db().exercise.update({ where: { id: item.id }, data: { hidden: true } });
    try {
      expect(await listGradeNotices(ada, cast.courseId)).toEqual([]);
    } finally {
      await db().exercise.update({ where: { id: item.id }, data: { hidden: false } });
    }
    const refused = async (viewer: Viewer | null) => {
      const error: unknown = await listGradeNotices(viewer, cast.courseId).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isAccessError(error)).toBe(true);
    };
    await refused(null);
    await refused(outsider);
  });

  it("refuses a regrade by anyone but the course's staff, before grading, and tells no one", async () => {
    const { cast, item, ada } = await fixture();
    const never: RegradeGrader = { grade: () => Promise.reject(new Error("authorization must fail before grading")) };
    for (const viewer of [null, ada, cast.otherInstructor]) {
      for (const run of [() => applyRegrade(viewer, item.id, never, { keepHigher: true }), () => dryRunRegrade(viewer, item.id, never, { keepHigher: true })]) {
        const error: unknown = await run().then(
          () => null,
          (e: unknown) => e,
        );
        expect(isAccessError(error), String(error)).toBe(true);
      }
    }
    expect(await db().gradeNotice.count()).toBe(0);
    expect(await best(ada.id, item.id)).toBe(1);
  });
});
