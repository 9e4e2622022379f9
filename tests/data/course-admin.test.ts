import { beforeAll, describe, expect, it } from "vitest";
import { AccessError, type Viewer } from "@/lib/data/access";
import { listCoursesForViewer, takesCourses } from "@/lib/data/courses";
import {
  courseFieldErrors,
  createCourse,
  createCourseSchema,
  getCourseSettings,
  listManagedCourses,
  regenerateJoinCode,
  setCourseArchived,
  updateCourse,
  updateCourseSchema,
} from "@/lib/data/courses-admin";
import { db } from "@/lib/data/db";
import { seedDemo } from "@/lib/data/demo-seed";
import { joinCourseByCode } from "@/lib/data/enrollment";
import { getGradebook } from "@/lib/data/gradebook";
import { answerPractice } from "@/lib/data/practice";
import { getCourseOutline } from "@/lib/data/progress";
import { getStudentItem } from "@/lib/data/student-items";
import { answerQuiz, startCodeSubmission } from "@/lib/data/submissions";
import { createUser } from "@/lib/data/users";
import { loadPackage } from "@/lib/exercises/loader";
import type { GradeResult } from "@/lib/grading/contract";
import { englishText } from "@/lib/i18n/translate";
import { userText } from "@/lib/i18n/user-text";

// Courses in the data layer (issue 21 item 4, decision 122): editing, the join link's code and its
// regeneration, archive and restore, who may do each (owner, co-teacher, another instructor, a
// student), and what an archived course refuses and still shows.

const graded: GradeResult = { score: 1, gradable: true, tests: [], diagnosis: null, stdout: "", timings: { transpileMs: 1, runMs: 1, totalMs: 2 } };
const grader = { grade: () => Promise.resolve(graded) };
const unusedGrader = { grade: () => Promise.reject(new Error("graded a refused answer")) };

let owner: Viewer;
let coTeacher: Viewer;
let stranger: Viewer;
let enrolled: Viewer;
let courseId: string;
let mulLayer: string;
let quiz: string;
let n = 0;

async function person(role: "student" | "instructor" = "student"): Promise<Viewer> {
  const email = `admin-test-${++n}@example.com`;
  const created = await createUser({ email, password: "long enough password", name: undefined }, role);
  if (!created.ok) throw new Error("could not create user");
  return { id: created.user.id, email, name: null, role };
}

const codeOf = async (id: string) => (await db().course.findUniqueOrThrow({ where: { id }, select: { joinCode: true } })).joinCode;

beforeAll(async () => {
  const packages = await Promise.all(["mul-layer", "predict-dapple"].map((s) => loadPackage(`exercises/${s}`)));
  const seeded = await seedDemo(packages);
  owner = { id: seeded.instructorId, email: "instructor@example.com", name: "Demo Instructor", role: "instructor" };
  mulLayer = (await db().exercise.findUniqueOrThrow({ where: { slug: "mul-layer" }, select: { id: true } })).id;
  quiz = (await db().exercise.findUniqueOrThrow({ where: { slug: "predict-dapple" }, select: { id: true } })).id;
  // A course of its own, so the demo course's join code stays as other tests expect it.
  const created = await createCourse(owner, createCourseSchema.parse({ title: "Archive me", slug: "archive-me" }));
  if (!created.ok) throw new Error("could not create the course");
  courseId = created.course.id;
  await db().exercise.updateMany({ where: { id: { in: [mulLayer, quiz] } }, data: { courseId } });
  coTeacher = await person("instructor");
  await db().courseInstructor.create({ data: { courseId, userId: coTeacher.id } });
  stranger = await person("instructor");
  enrolled = await person();
  expect(await joinCourseByCode(enrolled, created.course.joinCode)).toMatchObject({ ok: true, slug: "archive-me" });
});

describe("the course form's fields", () => {
  it("reports every refused field at once, in the reader's language", () => {
    const parsed = createCourseSchema.safeParse({ title: "ab", slug: "Not a slug!", description: "x".repeat(2001) });
    expect(parsed.success).toBe(false);
    const errors = courseFieldErrors(parsed.error?.issues ?? []);
    expect(Object.keys(errors).sort()).toEqual(["description", "slug", "title"]);
    expect(englishText(errors.title ?? "")).toBe("Title must be at least 3 characters");
    expect(englishText(errors.slug ?? "")).toBe("Use lowercase letters, digits and dashes (e.g. ml-2026)");
  });

  it("a slug already taken is refused on create and on edit, naming the field", async () => {
    expect(await createCourse(owner, createCourseSchema.parse({ title: "Duplicate", slug: "archive-me" }))).toEqual({ ok: false, errors: { slug: userText("instructorData.slugTaken") } });
    const other = await createCourse(owner, createCourseSchema.parse({ title: "Second", slug: "second-course" }));
    if (!other.ok) throw new Error("not created");
    expect(await updateCourse(owner, updateCourseSchema.parse({ courseId: other.course.id, title: "Second", slug: "archive-me" }))).toEqual({ ok: false, errors: { slug: userText("instructorData.slugTaken") } });
  });
});

describe("editing a course", () => {
  it("the owner and a co-teacher edit title, slug and description; nobody else", async () => {
    const edited = await updateCourse(coTeacher, updateCourseSchema.parse({ courseId, title: "Archive me (Fall)", slug: "archive-me-fall", description: "Week by week" }));
    expect(edited).toMatchObject({ ok: true, course: { id: courseId, slug: "archive-me-fall", title: "Archive me (Fall)" } });
    expect(await getCourseSettings(owner, courseId)).toMatchObject({ title: "Archive me (Fall)", slug: "archive-me-fall", description: "Week by week", isOwner: true, studentCount: 1, archivedAt: null });
    expect(await getCourseSettings(coTeacher, courseId)).toMatchObject({ isOwner: false });
    await expect(updateCourse(stranger, updateCourseSchema.parse({ courseId, title: "Stolen", slug: "stolen" }))).rejects.toEqual(new AccessError(403, userText("instructorData.notYourCourse")));
    await expect(updateCourse(enrolled, updateCourseSchema.parse({ courseId, title: "Stolen", slug: "stolen" }))).rejects.toEqual(new AccessError(403, userText("errors.instructorsOnly")));
    await expect(getCourseSettings(stranger, courseId)).rejects.toMatchObject({ status: 403 });
    await updateCourse(owner, updateCourseSchema.parse({ courseId, title: "Archive me", slug: "archive-me" }));
    expect((await db().course.findUniqueOrThrow({ where: { id: courseId } })).title).toBe("Archive me");
  });
});

describe("the join link and regenerating the code", () => {
  it("the link's code joins and names the course to land on", async () => {
    const newcomer = await person();
    expect(await joinCourseByCode(newcomer, await codeOf(courseId), "link")).toMatchObject({ ok: true, courseId, slug: "archive-me", alreadyEnrolled: false });
    // Opened again: no second enrolment, still lands on the course.
    expect(await joinCourseByCode(newcomer, await codeOf(courseId), "link")).toMatchObject({ ok: true, alreadyEnrolled: true });
    await db().enrollment.deleteMany({ where: { userId: newcomer.id } });
    // The course's own staff trying the link land on it without becoming participants.
    expect(await joinCourseByCode(coTeacher, await codeOf(courseId), "link")).toMatchObject({ ok: true, courseId, alreadyEnrolled: true });
    expect(await db().enrollment.count({ where: { userId: coTeacher.id } })).toBe(0);
  });

  it("a new code: the old code and link stop working with a sentence saying so, the new one joins, nobody is removed", async () => {
    const old = await codeOf(courseId);
    const { joinCode } = await regenerateJoinCode(coTeacher, courseId);
    expect(joinCode).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    expect(joinCode).not.toBe(old);
    expect(await codeOf(courseId)).toBe(joinCode);
    const late = await person();
    const byCode = await joinCourseByCode(late, old);
    expect(byCode).toEqual({ ok: false, message: userText("errors.noSuchJoinCode") });
    const byLink = await joinCourseByCode(late, old, "link");
    expect(byLink).toEqual({ ok: false, message: userText("errors.joinLinkInvalid") });
    expect(englishText(byLink.ok ? "" : byLink.message)).toContain("the instructor may have replaced its code");
    expect(await db().enrollment.count({ where: { userId: late.id } })).toBe(0);
    expect(await joinCourseByCode(late, joinCode, "link")).toMatchObject({ ok: true, courseId });
    expect(await db().enrollment.count({ where: { courseId, userId: enrolled.id } })).toBe(1);
    await db().enrollment.deleteMany({ where: { userId: late.id } });
  });

  it("only the course's staff regenerate", async () => {
    const before = await codeOf(courseId);
    await expect(regenerateJoinCode(stranger, courseId)).rejects.toEqual(new AccessError(403, userText("instructorData.notYourCourse")));
    await expect(regenerateJoinCode(enrolled, courseId)).rejects.toEqual(new AccessError(403, userText("errors.instructorsOnly")));
    await expect(regenerateJoinCode(null, courseId)).rejects.toMatchObject({ status: 401 });
    expect(await codeOf(courseId)).toBe(before);
  });
});

describe("archiving a course", () => {
  it("only the owner archives and restores", async () => {
    await expect(setCourseArchived(coTeacher, courseId, true)).rejects.toEqual(new AccessError(403, userText("instructorData.ownerOnly")));
    await expect(setCourseArchived(stranger, courseId, true)).rejects.toEqual(new AccessError(403, userText("instructorData.notYourCourse")));
    await expect(setCourseArchived(enrolled, courseId, true)).rejects.toEqual(new AccessError(403, userText("errors.instructorsOnly")));
    expect((await db().course.findUniqueOrThrow({ where: { id: courseId } })).archivedAt).toBeNull();
  });

  it("archived: nobody joins, students submit nothing (code, quiz, practice), each refusal says the course is archived; grades and items stay readable", async () => {
    // A result from before, to read afterwards.
    expect(await answerQuiz(enrolled, { exerciseId: quiz, answer: { kind: "numeric", values: { dApple: 1 } } }, grader)).toMatchObject({ ok: true });
    const { archivedAt } = await setCourseArchived(owner, courseId, true);
    expect(archivedAt).toBeInstanceOf(Date);
    // Archiving again keeps the first date.
    expect((await setCourseArchived(owner, courseId, true)).archivedAt).toEqual(archivedAt);

    const newcomer = await person();
    const code = await codeOf(courseId);
    for (const via of ["code", "link"] as const) {
      const refused = await joinCourseByCode(newcomer, code, via);
      expect(refused).toEqual({ ok: false, message: userText("errors.courseArchivedJoin") });
      expect(englishText(refused.ok ? "" : refused.message)).toBe("This course is archived and no longer takes new students. Ask your instructor if this is a mistake.");
    }
    expect(await db().enrollment.count({ where: { userId: newcomer.id } })).toBe(0);
    // Someone already in it is let through to read it.
    expect(await joinCourseByCode(enrolled, code, "link")).toMatchObject({ ok: true, alreadyEnrolled: true });

    const archived = userText("errors.courseArchived");
    const submissionsBefore = await db().submission.count({ where: { userId: enrolled.id } });
    for (const mode of ["hidden", "public"] as const) {
      expect(await startCodeSubmission(enrolled, { exerciseId: mulLayer, code: "export class MulLayer {}", mode })).toEqual({ ok: false, message: archived });
    }
    expect(await db().submission.count({ where: { userId: enrolled.id } })).toBe(submissionsBefore);
    const answersBefore = await db().quizAnswer.count({ where: { userId: enrolled.id } });
    expect(await answerQuiz(enrolled, { exerciseId: quiz, answer: { kind: "numeric", values: { dApple: 2 } } }, unusedGrader)).toEqual({ ok: false, message: archived });
    expect(await answerPractice(enrolled, { exerciseId: quiz, round: 1, answer: { kind: "numeric", values: { dApple: 2 } } }, unusedGrader)).toEqual({ ok: false, message: archived });
    expect(await db().quizAnswer.count({ where: { userId: enrolled.id } })).toBe(answersBefore);
    expect(englishText(archived)).toBe("This course is archived: you can read its items and your results, but it no longer takes submissions.");

    // Readable: the student's outline and item (marked archived), the instructors' gradebook.
    const outline = await getCourseOutline(enrolled, courseId);
    expect(outline).toMatchObject({ archived: true, total: 2 });
    expect(outline?.items.find((i) => i.exerciseId === quiz)?.attempts).toBe(1);
    expect(await getStudentItem(enrolled, "archive-me", "mul-layer", { present: () => Promise.reject(new Error("a code item needs no presentation")), grade: () => Promise.reject(new Error("a code item without submissions needs no grading")) })).toMatchObject({ archived: true, kind: "code" });
    const book = await getGradebook(coTeacher, courseId);
    expect(book.rows.map((r) => r.student.email)).toContain(enrolled.email);
    // Staff still try their items (previews).
    expect(await startCodeSubmission(owner, { exerciseId: mulLayer, code: "export class MulLayer {}", mode: "public" })).toMatchObject({ ok: true });

    // Out of the active lists: flagged for the home pages, which list it under "Archived".
    expect((await listCoursesForViewer(enrolled)).find((c) => c.id === courseId)).toMatchObject({ archived: true, staff: false });
    expect((await listCoursesForViewer(coTeacher)).find((c) => c.id === courseId)).toMatchObject({ archived: true, staff: true });
    expect((await listManagedCourses(owner)).find((c) => c.id === courseId)?.archivedAt).toEqual(archivedAt);
  });

  it("restored: joining and submitting work again", async () => {
    await setCourseArchived(owner, courseId, false);
    expect((await getCourseSettings(owner, courseId)).archivedAt).toBeNull();
    const newcomer = await person();
    expect(await joinCourseByCode(newcomer, await codeOf(courseId), "link")).toMatchObject({ ok: true, courseId });
    expect(await startCodeSubmission(enrolled, { exerciseId: mulLayer, code: "export class MulLayer {}", mode: "public" })).toMatchObject({ ok: true });
    expect(await answerQuiz(enrolled, { exerciseId: quiz, answer: { kind: "numeric", values: { dApple: 2 } } }, grader)).toMatchObject({ ok: true });
    expect(await getCourseOutline(enrolled, courseId)).toMatchObject({ archived: false });
  });
});

describe("who is offered My progress", () => {
  it("every student; an instructor only while enrolled in a course", async () => {
    expect(await takesCourses(await person())).toBe(true);
    const teacher = await person("instructor");
    expect(await takesCourses(teacher)).toBe(false);
    await joinCourseByCode(teacher, await codeOf(courseId));
    expect(await takesCourses(teacher)).toBe(true);
  });
});
