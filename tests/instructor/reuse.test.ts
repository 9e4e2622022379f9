import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { englishText } from "@/lib/i18n/translate";
import { exportItemArchive, importItemArchive, newItemTemplate, publishDraft } from "@/lib/data/authoring";
import { copyCourse, getCopySource, shiftInstant } from "@/lib/data/course-copy";
import { createCourse } from "@/lib/data/courses-admin";
import { db } from "@/lib/data/db";
import { parseVersionFiles } from "@/lib/data/packages";
import { hashPackageFiles } from "@/lib/exercises/loader";
import { createGraderClient } from "@/lib/grading";
import { seedCast, type Cast } from "./helpers";

// Reuse (issue 21, decision 123): "Copy this course" copies items, settings and assignments and
// nothing about people, in one transaction, for the course's staff only; an exported item whose id
// belongs to another course is imported "as a copy" with a new slug and id, never over the original.

const grader = createGraderClient({ onLog: () => {} });
afterAll(() => grader.close());

const run = randomUUID().slice(0, 6);
let cast: Cast;
let courseId: string;
const slugA = `reuse-a-${run}`;
const slugB = `reuse-b-${run}`;
const ids = { a: "", b: "", assignment: "" };

/** An item stored directly (a published numeric question), optionally opening after `unlockAfter`. */
async function addItem(course: string, slug: string, order: number, extra: { hidden?: boolean; points?: number; unlockAfter?: string } = {}): Promise<string> {
  const files = newItemTemplate("numeric", slug, order);
  // Bilingual like the shipped packages' (issue 18).
  const meta = { ...(JSON.parse(files["exercise.json"] ?? "{}") as Record<string, unknown>), id: `pkg-${slug}`, title: { en: `Item ${slug}`, ko: `항목 ${slug}` }, points: extra.points ?? 1, ...(extra.unlockAfter ? { unlockAfter: extra.unlockAfter } : {}) };
  const stored = { ...files, "exercise.json": JSON.stringify(meta, null, 2) };
  const row = await db().exercise.create({
    data: { key: `pkg-${slug}`, slug, courseId: course, title: `Item ${slug}`, kind: "numeric", points: extra.points ?? 1, order, hidden: extra.hidden ?? false, source: "package" },
    select: { id: true },
  });
  const version = await db().exerciseVersion.create({ data: { exerciseId: row.id, contentHash: hashPackageFiles(stored), meta, files: stored }, select: { id: true } });
  await db().exercise.update({ where: { id: row.id }, data: { currentVersionId: version.id } });
  return row.id;
}

beforeAll(async () => {
  cast = await seedCast();
  courseId = cast.courseId;
  await db().course.update({ where: { id: courseId }, data: { timeZone: "Europe/Berlin", description: "Backprop, term 1" } });
  ids.a = await addItem(courseId, slugA, 1, { points: 2 });
  ids.b = await addItem(courseId, slugB, 2, { hidden: true, unlockAfter: slugA });
  // Released 2026-10-20 09:00 and due 2026-10-23 23:59 in Berlin (summer time, UTC+2); late work until 10-24 23:59.
  const a = await db().assignment.create({
    data: {
      courseId,
      title: `Week 1 ${run}`,
      position: 1,
      releaseAt: new Date("2026-10-20T07:00:00Z"),
      dueAt: new Date("2026-10-23T21:59:00Z"),
      latePolicy: "until",
      lateUntil: new Date("2026-10-24T21:59:00Z"),
      lateFactor: 0.5,
      isExam: true,
      examMinutes: 45,
      resultsReleasedAt: new Date("2026-10-25T10:00:00Z"),
      items: { create: [{ exerciseId: ids.a, position: 1 }, { exerciseId: ids.b, position: 2 }] },
    },
    select: { id: true },
  });
  ids.assignment = a.id;
  // People and their work, none of which may reach the copy.
  await db().progress.create({ data: { userId: cast.student.id, exerciseId: ids.a, bestScore: 1, attempts: 1 } });
  await db().extension.create({ data: { assignmentId: a.id, userId: cast.student.id, extraMinutes: 30 } });
  await db().courseInstructor.create({ data: { courseId, userId: cast.otherInstructor.id } });
});

describe("copy this course", () => {
  it("suggests '<title> (copy)' and a free slug", async () => {
    const source = await getCopySource(cast.instructor, courseId);
    const course = await db().course.findUniqueOrThrow({ where: { id: courseId } });
    expect(source.suggestedTitle).toBe(`${course.title} (copy)`);
    expect(source.suggestedSlug).toBe(`${course.slug}-copy`);
    expect(source.itemCount).toBeGreaterThanOrEqual(2);
  });

  it("copies items, settings and assignments (dates moved at the same local time), no people, a new join code; the copier owns it", async () => {
    const before = await db().exercise.findMany({ where: { courseId }, select: { id: true, key: true, slug: true, currentVersionId: true, updatedAt: true }, orderBy: { id: "asc" } });
    const result = await copyCourse(cast.otherInstructor, { courseId, title: "Backprop, term 2", slug: `term-2-${run}`, shiftDays: 7 });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const source = await db().course.findUniqueOrThrow({ where: { id: courseId } });
    const copy = await db().course.findUniqueOrThrow({ where: { id: result.course.id }, include: { coTeachers: true, enrollments: true, invitations: true } });
    expect(copy).toMatchObject({ title: "Backprop, term 2", slug: `term-2-${run}`, description: "Backprop, term 1", timeZone: "Europe/Berlin", ownerId: cast.otherInstructor.id });
    expect(copy.joinCode).not.toBe(source.joinCode);
    expect(copy.coTeachers).toEqual([]);
    expect(copy.enrollments).toEqual([]);

    const items = await db().exercise.findMany({ where: { courseId: copy.id }, orderBy: { order: "asc" }, include: { currentVersion: true, progress: true, submissions: true, quizAnswers: true, versions: true } });
    expect(items.map((i) => [i.slug, i.key, i.title, i.points, i.order, i.hidden, i.source])).toEqual([
      [`${slugA}-2`, `authored-${slugA}-2`, `Item ${slugA}`, 2, 1, false, "authored"],
      [`${slugB}-2`, `authored-${slugB}-2`, `Item ${slugB}`, 1, 2, true, "authored"],
    ]);
    expect(items.every((i) => i.progress.length === 0 && i.submissions.length === 0 && i.quizAnswers.length === 0 && i.versions.length === 1)).toBe(true);
    // The published files, with the copy's id and the prerequisite's new slug in exercise.json.
    const original = await db().exercise.findUniqueOrThrow({ where: { id: ids.b }, include: { currentVersion: true } });
    const files = parseVersionFiles(items[1]?.currentVersion?.files);
    const originalFiles = parseVersionFiles(original.currentVersion?.files);
    expect(Object.keys(files).sort()).toEqual(Object.keys(originalFiles).sort());
    for (const name of Object.keys(files)) if (name !== "exercise.json") expect(files[name], name).toBe(originalFiles[name]);
    expect(JSON.parse(files["exercise.json"] ?? "")).toEqual({ ...JSON.parse(originalFiles["exercise.json"] ?? ""), id: `authored-${slugB}-2`, unlockAfter: `${slugA}-2` });
    expect(items[1]?.currentVersion?.meta).toMatchObject({ id: `authored-${slugB}-2`, unlockAfter: `${slugA}-2` });
    expect(items[1]?.currentVersion?.contentHash).toBe(hashPackageFiles(files));

    const [assignment] = await db().assignment.findMany({ where: { courseId: copy.id }, include: { items: { orderBy: { position: "asc" } }, extensions: true, examStarts: true } });
    expect(assignment).toMatchObject({
      title: `Week 1 ${run}`,
      // A week later at the same Berlin wall time, now in winter time (UTC+1): one more hour in UTC.
      releaseAt: new Date("2026-10-27T08:00:00Z"),
      dueAt: new Date("2026-10-30T22:59:00Z"),
      lateUntil: new Date("2026-10-31T22:59:00Z"),
      latePolicy: "until",
      lateFactor: 0.5,
      isExam: true,
      examMinutes: 45,
      resultsReleasedAt: null,
      extensions: [],
      examStarts: [],
    });
    expect(assignment?.items.map((i) => i.exerciseId)).toEqual(items.map((i) => i.id));

    // The source is untouched.
    expect(await db().exercise.findMany({ where: { courseId }, select: { id: true, key: true, slug: true, currentVersionId: true, updatedAt: true }, orderBy: { id: "asc" } })).toEqual(before);
    expect(await db().extension.count({ where: { assignmentId: ids.assignment } })).toBe(1);
  });

  it("keeps every date when told to move them by 0 days", async () => {
    const result = await copyCourse(cast.instructor, { courseId, title: "Same dates", slug: `same-dates-${run}`, shiftDays: 0 });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const copied = await db().assignment.findFirstOrThrow({ where: { courseId: result.course.id } });
    expect([copied.releaseAt, copied.dueAt]).toEqual([new Date("2026-10-20T07:00:00Z"), new Date("2026-10-23T21:59:00Z")]);
    // A second copy of the same items numbers on.
    expect((await db().exercise.findMany({ where: { courseId: result.course.id }, orderBy: { order: "asc" } })).map((e) => e.slug)).toEqual([`${slugA}-3`, `${slugB}-3`]);
  });

  it("is for the course's staff only: a student or another instructor cannot copy it, and nothing is written", async () => {
    const stranger = await db().user.create({ data: { email: `stranger-${run}@example.com`, role: "instructor", passwordHash: "x" }, select: { id: true, email: true, name: true, role: true } });
    const count = { courses: await db().course.count(), items: await db().exercise.count() };
    for (const viewer of [cast.student, stranger, null]) {
      await expect(copyCourse(viewer, { courseId, title: "Stolen", slug: `stolen-${run}`, shiftDays: 0 })).rejects.toMatchObject({ status: viewer ? 403 : 401 });
      await expect(getCopySource(viewer, courseId)).rejects.toMatchObject({ status: viewer ? 403 : 401 });
    }
    expect({ courses: await db().course.count(), items: await db().exercise.count() }).toEqual(count);
  });

  it("refuses a slug in use, and leaves no partial copy when a step fails", async () => {
    const taken = await copyCourse(cast.instructor, { courseId, title: "Taken", slug: `term-2-${run}`, shiftDays: 0 });
    expect(taken.ok ? "" : englishText(taken.errors.slug ?? "")).toBe("A course with this slug already exists");

    // A course whose second item's stored files are damaged: the copy fails after the course row
    // and the first item were written, and the transaction takes them back.
    const broken = await createCourse(cast.instructor, { title: "Broken", slug: `broken-${run}`, description: "" });
    if (!broken.ok) throw new Error("fixture");
    await addItem(broken.course.id, `broken-a-${run}`, 1);
    const bad = await addItem(broken.course.id, `broken-b-${run}`, 2);
    await db().exerciseVersion.updateMany({ where: { exerciseId: bad }, data: { files: { "exercise.json": 42 } } });
    const count = { courses: await db().course.count(), items: await db().exercise.count(), versions: await db().exerciseVersion.count() };
    await expect(copyCourse(cast.instructor, { courseId: broken.course.id, title: "Broken copy", slug: `broken-copy-${run}`, shiftDays: 0 })).rejects.toThrow();
    expect({ courses: await db().course.count(), items: await db().exercise.count(), versions: await db().exerciseVersion.count() }).toEqual(count);
    expect(await db().course.findUnique({ where: { slug: `broken-copy-${run}` } })).toBeNull();
  });

  it("moves dates by calendar days in the course's zone", () => {
    // 23:59 in Berlin on the last Saturday of March (UTC+1) → a day later is summer time (UTC+2).
    expect(shiftInstant(new Date("2026-03-28T22:59:00Z"), 1, "Europe/Berlin")).toEqual(new Date("2026-03-29T21:59:00Z"));
    expect(shiftInstant(new Date("2026-03-28T22:59:00Z"), -364, "UTC")).toEqual(new Date("2025-03-29T22:59:00Z"));
  });
});

describe("import as a copy", () => {
  it("an id of another course's item is refused with the reason and a copy offered; the copy has a new slug and id and never touches the original", async () => {
    const other = await createCourse(cast.instructor, { title: "Second course", slug: `second-${run}`, description: "" });
    if (!other.ok) throw new Error("fixture");
    const archive = await exportItemArchive(cast.instructor, ids.a);

    const refused = await importItemArchive(cast.instructor, other.course.id, archive.data, grader);
    expect(refused).toMatchObject({ ok: false, copyOffered: true });
    expect(refused.ok ? "" : englishText(refused.message)).toBe(`exercise.json id "pkg-${slugA}" belongs to an item of another course.`);

    const copy = await importItemArchive(cast.instructor, other.course.id, archive.data, grader, { asCopy: true });
    if (!copy.ok) throw new Error(copy.message);
    expect(copy.exerciseId).toBeNull();
    expect(copy.copyOf).toBe(`pkg-${slugA}`);
    expect(copy.slug).toMatch(new RegExp(`^${slugA}-\\d+$`));
    expect((JSON.parse(copy.files["exercise.json"] ?? "") as { id: string }).id).toBe(`authored-${copy.slug}`);

    const original = async () => db().exercise.findUniqueOrThrow({ where: { id: ids.a }, select: { key: true, slug: true, courseId: true, currentVersionId: true, updatedAt: true, _count: { select: { versions: true } } } });
    const before = await original();
    const published = await publishDraft(cast.instructor, { courseId: other.course.id, slug: copy.slug, files: copy.files }, grader);
    if (!published.ok) throw new Error(englishText(published.message));
    expect(await db().exercise.findUniqueOrThrow({ where: { id: published.exerciseId }, select: { courseId: true, key: true, slug: true, title: true } })).toEqual({
      courseId: other.course.id,
      key: `authored-${copy.slug}`,
      slug: copy.slug,
      title: `Item ${slugA}`,
    });
    expect(await original()).toEqual(before);

    // A crafted publish cannot reach the original either: not by its row id, not by its id or slug.
    const attempts = [
      { courseId: other.course.id, exerciseId: ids.a, slug: slugA, files: copy.files },
      { courseId: other.course.id, slug: `fresh-${run}`, files: { ...copy.files, "exercise.json": JSON.stringify({ ...JSON.parse(copy.files["exercise.json"] ?? ""), id: `pkg-${slugA}` }) } },
      { courseId: other.course.id, slug: slugA, files: { ...copy.files, "exercise.json": JSON.stringify({ ...JSON.parse(copy.files["exercise.json"] ?? ""), id: `fresh-${run}` }) } },
    ];
    for (const draft of attempts) expect((await publishDraft(cast.instructor, draft, grader)).ok).toBe(false);
    expect(await original()).toEqual(before);
  }, 120_000);

  it("another instructor can neither export the item nor import into its course", async () => {
    const stranger = await db().user.create({ data: { email: `outsider-${run}@example.com`, role: "instructor", passwordHash: "x" }, select: { id: true, email: true, name: true, role: true } });
    await expect(exportItemArchive(stranger, ids.a)).rejects.toMatchObject({ status: 403 });
    const archive = await exportItemArchive(cast.instructor, ids.a);
    await expect(importItemArchive(stranger, courseId, archive.data, grader, { asCopy: true })).rejects.toMatchObject({ status: 403 });
  });
});
