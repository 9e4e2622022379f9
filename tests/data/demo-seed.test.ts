import { beforeEach, describe, expect, it } from "vitest";
import type { Viewer } from "@/lib/data/access";
import { setCourseOwnerByEmail } from "@/lib/data/courses-admin";
import { db } from "@/lib/data/db";
import { DEMO_COURSE, DEMO_INSTRUCTOR_EMAIL, DEMO_STUDENT_EMAIL, seedDatabase, seedDemo } from "@/lib/data/demo-seed";
import { syncExercisePackages, type SyncablePackage } from "@/lib/data/exercise-sync";
import { requireCourseInstructor } from "@/lib/data/instructor-access";
import { hashPassword } from "@/lib/data/passwords";
import { setPasswordByEmail, verifyCredentials } from "@/lib/data/users";
import { demoAccountsNotice } from "../../scripts/lib/project";

/** Every row gone: the next seed meets a fresh database, as `npm start` on a new machine does. */
async function emptyDatabase(): Promise<void> {
  const client = db();
  await client.submission.deleteMany();
  await client.quizAnswer.deleteMany();
  await client.progress.deleteMany();
  await client.draft.deleteMany();
  await client.enrollment.deleteMany();
  await client.courseInstructor.deleteMany();
  await client.exercise.updateMany({ data: { currentVersionId: null } });
  await client.exerciseVersion.deleteMany();
  await client.exercise.deleteMany();
  await client.course.deleteMany();
  await client.seedMarker.deleteMany();
  await client.user.deleteMany();
}

const instructor = (email: string) => db().user.create({ data: { email, role: "instructor", passwordHash: "x" }, select: { id: true, email: true, name: true, role: true } });

function pkg(slug: string, order: number, content = "v1"): SyncablePackage {
  return {
    slug,
    meta: { id: `id-${slug}`, title: `Title ${slug}`, kind: "code", points: 1, order },
    hash: `hash-${slug}-${content}`,
    files: { "exercise.json": "{}", "prompt.md": content },
  };
}

/** Every row of every table the seed touches, to prove a re-run changes nothing at all. */
async function snapshot() {
  const client = db();
  return {
    users: await client.user.findMany({ orderBy: { id: "asc" } }),
    courses: await client.course.findMany({ orderBy: { id: "asc" } }),
    enrollments: await client.enrollment.findMany({ orderBy: { id: "asc" } }),
    exercises: await client.exercise.findMany({ orderBy: { id: "asc" } }),
    versions: await client.exerciseVersion.findMany({ orderBy: { id: "asc" } }),
  };
}

async function demoViewer(email: string): Promise<Viewer> {
  const viewer = await verifyCredentials(email, "chainrule");
  if (!viewer) throw new Error(`demo account ${email} cannot sign in`);
  return viewer;
}

describe("demo seed", () => {
  beforeEach(emptyDatabase);

  it("creates the demo accounts (password chainrule), course and enrolment, and is idempotent", async () => {
    const packages = [pkg("b-second", 2), pkg("a-first", 1)];
    const first = await seedDemo(packages);
    expect(first.exercises.created.sort()).toEqual(["a-first", "b-second"]);
    const before = await snapshot();

    const second = await seedDemo(packages);
    expect(second.exercises).toEqual({ created: [], newVersion: [], updated: [], unchanged: ["b-second", "a-first"], kept: [] });
    expect(await snapshot()).toEqual(before);

    const student = await demoViewer("student@example.com");
    const instructor = await demoViewer("instructor@example.com");
    expect(student.role).toBe("student");
    expect(instructor.role).toBe("instructor");
    expect(await db().course.findUnique({ where: { slug: DEMO_COURSE.slug }, select: { joinCode: true } })).toEqual({
      joinCode: "BACKPROP",
    });
  });

  it("adds a version only when content changes and keeps the old one for old submissions", async () => {
    const { courseId } = await seedDemo([pkg("mul", 1, "v1")]);
    const report = await syncExercisePackages(courseId, [pkg("mul", 3, "v2")]);
    expect(report.newVersion).toEqual(["mul"]);
    const exercise = await db().exercise.findUniqueOrThrow({
      where: { key: "id-mul" },
      include: { versions: { orderBy: { createdAt: "asc" } }, currentVersion: true },
    });
    expect(exercise.versions.map((v) => v.contentHash)).toEqual(["hash-mul-v1", "hash-mul-v2"]);
    expect(exercise.currentVersion?.contentHash).toBe("hash-mul-v2");
    expect(exercise.order).toBe(3);
    expect(exercise.versions[1]?.files).toEqual({ "exercise.json": "{}", "prompt.md": "v2" });

    // Reverting to old content points back at the old version instead of duplicating it.
    const revert = await syncExercisePackages(courseId, [pkg("mul", 3, "v1")]);
    expect(revert.updated).toEqual(["mul"]);
    expect(await db().exerciseVersion.count({ where: { exerciseId: exercise.id } })).toBe(2);
  });

  it("keeps an instructor's reordering and browser edits across restarts", async () => {
    const { courseId } = await seedDemo([pkg("mul", 1, "v1"), pkg("add", 2, "v1")]);
    await db().exercise.update({ where: { key: "id-mul" }, data: { order: 7 } });
    await db().exercise.update({ where: { key: "id-add" }, data: { source: "authored", title: "Edited in the browser" } });

    const restart = await syncExercisePackages(courseId, [pkg("mul", 1, "v1"), pkg("add", 2, "v2")]);
    expect(restart.kept).toEqual(["add"]);
    expect(restart.unchanged).toEqual(["mul"]);
    expect((await db().exercise.findUniqueOrThrow({ where: { key: "id-mul" } })).order).toBe(7);
    const add = await db().exercise.findUniqueOrThrow({ where: { key: "id-add" }, include: { versions: true } });
    expect(add.title).toBe("Edited in the browser");
    expect(add.versions.map((v) => v.contentHash)).toEqual(["hash-add-v1"]);
  });

  it("never creates again a demo account or course an operator deleted, and leaves the course to nobody else", async () => {
    const first = await seedDemo([pkg("a-first", 1)]);
    expect(first.firstRun).toBe(true);
    await db().user.delete({ where: { email: DEMO_INSTRUCTOR_EMAIL } });
    const again = await seedDatabase([pkg("a-first", 1)], { demoAccounts: true });
    expect(again).toMatchObject({ firstRun: false, instructorId: null, courseId: first.courseId });
    expect(await db().user.count({ where: { email: DEMO_INSTRUCTOR_EMAIL } })).toBe(0);
    // The orphaned course is managed by nobody else (it used to be by every instructor).
    const stranger = await instructor("stranger@example.com");
    await expect(requireCourseInstructor(stranger, first.courseId)).rejects.toMatchObject({ status: 403 });

    await db().course.delete({ where: { id: first.courseId } });
    await db().user.delete({ where: { email: DEMO_STUDENT_EMAIL } });
    expect(await seedDatabase([pkg("a-first", 1)], { demoAccounts: true })).toMatchObject({ courseId: null, instructorId: null, studentId: null });
    expect(await db().course.count()).toBe(0);
    expect(await db().user.count({ where: { email: { in: [DEMO_INSTRUCTOR_EMAIL, DEMO_STUDENT_EMAIL] } } })).toBe(0);
  });

  it("a database set up before the seed kept its marker gets no demo accounts", async () => {
    // An installation from before this change: real accounts, and the demo ones deleted long ago.
    await db().user.create({ data: { email: "teacher@school.example", role: "instructor", passwordHash: await hashPassword("real password 1") } });
    await db().course.create({ data: { ...DEMO_COURSE } });
    const report = await seedDatabase([pkg("a-first", 1)], { demoAccounts: true });
    expect(report).toMatchObject({ firstRun: false, instructorId: null, studentId: null });
    expect(report.exercises.created).toEqual(["a-first"]);
  });

  it("with DEMO_SEED=off a fresh database gets the course without owner and no accounts; the operator names the owner", async () => {
    const report = await seedDatabase([pkg("a-first", 1)], { demoAccounts: false });
    expect(report).toMatchObject({ firstRun: true, instructorId: null, studentId: null });
    expect(await db().user.count()).toBe(0);
    const course = await db().course.findUniqueOrThrow({ where: { slug: DEMO_COURSE.slug } });
    expect(course.ownerId).toBeNull();
    const teacher = await instructor("teacher@school.example");
    await expect(requireCourseInstructor(teacher, course.id)).rejects.toMatchObject({ status: 403 });
    expect(await setCourseOwnerByEmail(DEMO_COURSE.slug, "teacher@school.example")).toEqual({ ok: true });
    expect((await requireCourseInstructor(teacher, course.id)).isOwner).toBe(true);
    // A later start with the setting on changes nothing: demo accounts come only with a fresh database.
    expect(await seedDatabase([pkg("a-first", 1)], { demoAccounts: true })).toMatchObject({ firstRun: false, instructorId: null });
  });

  it("the start log names the demo accounts while they exist, and says when a password was changed", async () => {
    await seedDemo([]);
    expect(await demoAccountsNotice()).toMatch(/instructor@example\.com \(password chainrule\), student@example\.com \(password chainrule\)|student@example\.com \(password chainrule\), instructor@example\.com \(password chainrule\)/);
    await setPasswordByEmail(DEMO_INSTRUCTOR_EMAIL, "a private password");
    expect(await demoAccountsNotice()).toContain("instructor@example.com (password changed)");
    await db().user.deleteMany({ where: { email: { in: [DEMO_INSTRUCTOR_EMAIL, DEMO_STUDENT_EMAIL] } } });
    expect(await demoAccountsNotice()).toBeNull();
  });
});
