import { describe, expect, it } from "vitest";
import { userText } from "@/lib/i18n/user-text";
import type { Viewer } from "@/lib/data/access";
import {
  exportItemArchive,
  getAuthoringItem,
  importItemArchive,
  moveItem,
  previewDraft,
  publishDraft,
  reorderItems,
  setItemHidden,
  validateDraft,
} from "@/lib/data/authoring";
import { addCoTeacher, createCourse, getStudentDrillDown, listCourseItems, listManagedCourses, removeCoTeacher } from "@/lib/data/courses-admin";
import { db } from "@/lib/data/db";
import { getGradebook, getGradebookCsv, getSubmissionsCsv } from "@/lib/data/gradebook";
import { applyRegrade, dryRunRegrade } from "@/lib/data/regrade";
import { getAssignmentAdmin, listAssignments, previewAssignment, previewDeleteAssignment, saveAssignment, setCourseTimeZone, deleteAssignment } from "@/lib/data/assignments";
import { getExamLog, previewReleaseResults, releaseResults } from "@/lib/data/exams";
import { applyExtension, applyExtensionCsv, dryRunExtensionCsv, getStudentExceptions, previewExtension, resetItemAttempts, setExtraAttempts } from "@/lib/data/extensions";
import { getChartCsv } from "@/lib/data/gradebook";
import { copyCourse, getCopySource } from "@/lib/data/course-copy";
import { seedCast } from "./helpers";

// Every instructor entry point of the data layer refuses anonymous callers (401), students (403)
// and instructors of other courses (403), before doing any work.

const refuse = () => Promise.reject(new Error("authorization must fail before grading"));
const neverGrade = { grade: refuse, inspect: refuse, present: refuse };

describe("instructor data layer authorization", () => {
  it("refuses anonymous users, students and other instructors everywhere", async () => {
    const cast = await seedCast();
    const item = await db().exercise.upsert({
      where: { key: "k-1" },
      update: {},
      create: { key: "k-1", slug: "item-1", courseId: cast.courseId, title: "Item", kind: "code", order: 1 },
      select: { id: true },
    });
    const draft = { courseId: cast.courseId, slug: "x-item", files: {} };
    const assignmentInput = {
      courseId: cast.courseId,
      title: "Week 1",
      release: "2026-12-01 09:00",
      due: "2026-12-10 23:59",
      exerciseIds: [item.id],
      latePolicy: "none" as const,
      latePenalty: 10,
      lateFloor: 0,
      lateUntil: "",
      lateFactor: 50,
      isExam: true,
      examMinutes: 60,
      publicTestsInExam: false,
    };
    const saved = await saveAssignment(cast.instructor, assignmentInput);
    const assignmentId = saved.ok ? (saved.assignmentId ?? "") : "";
    expect(assignmentId).not.toBe("");
    const extension = { assignmentId, userId: cast.student.id, due: "", minutes: 30, remove: false };
    const csv = { courseId: cast.courseId, csv: `email,assignment,due,minutes\n${cast.student.email},Week 1,,30` };
    const calls: [string, (v: Viewer | null) => Promise<unknown>][] = [
      ["getGradebook", (v) => getGradebook(v, cast.courseId)],
      ["getGradebookCsv", (v) => getGradebookCsv(v, cast.courseId)],
      ["getSubmissionsCsv", (v) => getSubmissionsCsv(v, cast.courseId)],
      ["listCourseItems", (v) => listCourseItems(v, cast.courseId)],
      ["getStudentDrillDown", (v) => getStudentDrillDown(v, cast.courseId, cast.student.id)],
      ["validateDraft", (v) => validateDraft(v, draft, neverGrade)],
      ["publishDraft", (v) => publishDraft(v, draft, neverGrade)],
      ["previewDraft", (v) => previewDraft(v, draft, neverGrade)],
      ["getAuthoringItem", (v) => getAuthoringItem(v, item.id)],
      ["exportItemArchive", (v) => exportItemArchive(v, item.id)],
      ["importItemArchive", (v) => importItemArchive(v, cast.courseId, new Uint8Array(10), neverGrade)],
      ["importItemArchive as a copy", (v) => importItemArchive(v, cast.courseId, new Uint8Array(10), neverGrade, { asCopy: true })],
      ["getCopySource", (v) => getCopySource(v, cast.courseId)],
      ["copyCourse", (v) => copyCourse(v, { courseId: cast.courseId, title: "Copied", slug: "copied-by-anyone", shiftDays: 0 })],
      ["setItemHidden", (v) => setItemHidden(v, item.id, true)],
      ["moveItem", (v) => moveItem(v, item.id, "down")],
      ["reorderItems", (v) => reorderItems(v, { courseId: cast.courseId, exerciseIds: [item.id] })],
      ["dryRunRegrade", (v) => dryRunRegrade(v, item.id, neverGrade)],
      ["applyRegrade", (v) => applyRegrade(v, item.id, neverGrade)],
      ["getChartCsv", (v) => getChartCsv(v, cast.courseId, "progress", null)],
      ["listAssignments", (v) => listAssignments(v, cast.courseId)],
      ["getAssignmentAdmin", (v) => getAssignmentAdmin(v, assignmentId)],
      ["previewAssignment", (v) => previewAssignment(v, { ...assignmentInput, assignmentId, title: "Renamed" })],
      ["saveAssignment", (v) => saveAssignment(v, { ...assignmentInput, assignmentId, title: "Renamed" })],
      ["previewDeleteAssignment", (v) => previewDeleteAssignment(v, assignmentId)],
      ["deleteAssignment", (v) => deleteAssignment(v, assignmentId)],
      ["setCourseTimeZone", (v) => setCourseTimeZone(v, { courseId: cast.courseId, timeZone: "Asia/Seoul" })],
      ["previewExtension", (v) => previewExtension(v, extension)],
      ["applyExtension", (v) => applyExtension(v, extension)],
      ["dryRunExtensionCsv", (v) => dryRunExtensionCsv(v, csv)],
      ["applyExtensionCsv", (v) => applyExtensionCsv(v, csv)],
      ["setExtraAttempts", (v) => setExtraAttempts(v, { exerciseId: item.id, userId: cast.student.id, extraAttempts: 3 })],
      ["resetItemAttempts", (v) => resetItemAttempts(v, { exerciseId: item.id, userId: cast.student.id })],
      ["getStudentExceptions", (v) => getStudentExceptions(v, cast.courseId, cast.student.id)],
      ["getExamLog", (v) => getExamLog(v, assignmentId)],
      ["previewReleaseResults", (v) => previewReleaseResults(v, assignmentId)],
      ["releaseResults", (v) => releaseResults(v, assignmentId)],
    ];
    for (const [name, call] of calls) {
      await expect(call(null), `${name} anonymous`).rejects.toMatchObject({ status: 401 });
      await expect(call(cast.student), `${name} student`).rejects.toMatchObject({ status: 403 });
      await expect(call(cast.otherInstructor), `${name} other instructor`).rejects.toMatchObject({ status: 403 });
    }
    await expect(listManagedCourses(cast.student)).rejects.toMatchObject({ status: 403 });
    await expect(createCourse(null, { title: "T", slug: "t", description: "" })).rejects.toMatchObject({ status: 401 });
    // Nothing was changed by the refused calls.
    expect(await db().exercise.findUniqueOrThrow({ where: { id: item.id }, select: { hidden: true } })).toEqual({ hidden: false });
    expect(await db().assignment.findUniqueOrThrow({ where: { id: assignmentId }, select: { title: true, resultsReleasedAt: true } })).toEqual({ title: "Week 1", resultsReleasedAt: null });
    expect(await db().extension.count()).toBe(0);
    expect(await db().itemAllowance.count()).toBe(0);
    expect(await db().course.findUnique({ where: { slug: "copied-by-anyone" } })).toBeNull();
    expect((await db().course.findUniqueOrThrow({ where: { id: cast.courseId }, select: { timeZone: true } })).timeZone).toBe("UTC");
    // The owner gets through.
    expect((await getGradebook(cast.instructor, cast.courseId)).students).toBe(1);
  });

  it("lists only the viewer's courses and creates courses with a join code", async () => {
    const cast = await seedCast();
    const created = await createCourse(cast.otherInstructor, { title: "Deep learning 2026", slug: "dl-2026", description: "" });
    if (!created.ok) throw new Error("course not created");
    expect(created.course.slug).toBe("dl-2026");
    expect(created.course.joinCode).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    expect((await listManagedCourses(cast.otherInstructor)).map((c) => c.slug)).toEqual(["dl-2026"]);
    expect((await listManagedCourses(cast.instructor)).map((c) => c.slug)).toEqual(["backprop"]);
    expect(await createCourse(cast.instructor, { title: "Again", slug: "dl-2026", description: "" })).toEqual({
      ok: false,
      errors: { slug: userText("instructorData.slugTaken") },
    });
  });

  it("a course whose owner was deleted is managed by no other instructor", async () => {
    const cast = await seedCast();
    const created = await createCourse(cast.instructor, { title: "Soon orphaned", slug: "orphaned", description: "" });
    if (!created.ok) throw new Error("course not created");
    await db().course.update({ where: { id: created.course.id }, data: { ownerId: null } });
    await expect(getGradebook(cast.otherInstructor, created.course.id)).rejects.toMatchObject({ status: 403 });
    expect((await listManagedCourses(cast.otherInstructor)).map((c) => c.slug)).not.toContain("orphaned");
  });

  it("co-teachers added by the owner manage the course, but only the owner changes who co-teaches", async () => {
    const cast = await seedCast();
    const colleague = cast.otherInstructor;
    await expect(getGradebook(colleague, cast.courseId)).rejects.toMatchObject({ status: 403 });
    expect(await addCoTeacher(cast.instructor, { courseId: cast.courseId, email: cast.student.email })).toMatchObject({ ok: false });
    expect(await addCoTeacher(cast.instructor, { courseId: cast.courseId, email: colleague.email })).toMatchObject({ ok: true });
    expect((await getGradebook(colleague, cast.courseId)).students).toBe(1);
    expect((await listManagedCourses(colleague)).find((c) => c.id === cast.courseId)).toMatchObject({ isOwner: false, owner: { email: cast.instructor.email } });
    await expect(addCoTeacher(colleague, { courseId: cast.courseId, email: colleague.email })).rejects.toMatchObject({ status: 403 });
    await expect(removeCoTeacher(colleague, { courseId: cast.courseId, userId: colleague.id })).rejects.toMatchObject({ status: 403 });
    // A co-teacher whose account is no longer an instructor manages nothing.
    await db().user.update({ where: { id: colleague.id }, data: { role: "student" } });
    await expect(getGradebook({ ...colleague, role: "student" }, cast.courseId)).rejects.toMatchObject({ status: 403 });
    await db().user.update({ where: { id: colleague.id }, data: { role: "instructor" } });
    await removeCoTeacher(cast.instructor, { courseId: cast.courseId, userId: colleague.id });
    await expect(getGradebook(colleague, cast.courseId)).rejects.toMatchObject({ status: 403 });
  });
});
