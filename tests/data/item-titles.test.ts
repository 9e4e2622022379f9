import { beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "@/lib/data/access";
import { getAssignmentAdmin, listAssignments, previewAssignment, saveAssignment, setCourseTimeZone, type AssignmentInput } from "@/lib/data/assignments";
import { getStudentDrillDown, listCourseItems } from "@/lib/data/courses-admin";
import { db } from "@/lib/data/db";
import { seedDemo } from "@/lib/data/demo-seed";
import { joinCourseByCode } from "@/lib/data/enrollment";
import { getExamLog } from "@/lib/data/exams";
import { getStudentExceptions } from "@/lib/data/extensions";
import { getGradebookCsv, getSubmissionsCsv } from "@/lib/data/gradebook";
import { startCodeSubmission } from "@/lib/data/submissions";
import { createUser } from "@/lib/data/users";
import { loadPackage } from "@/lib/exercises/loader";
import type { GradeResult } from "@/lib/grading/contract";
import { gradeStored } from "@/lib/submissions/embedded";
import { decodeJwt } from "jose";
import { signHandover } from "@/lib/lti/browser-tokens";
import { CLAIM } from "@/lib/lti/claims";
import { buildDeepLinkResponse, getDeepLinkChoices } from "@/lib/lti/deep-linking";
import { getPassbackStatus } from "@/lib/lti/outbox";

// Issue 18: an item's title is shown in the reader's language wherever lib/data reads it for a
// page (the Exercise.title column is the English one): the instructor's item list, the student
// drill-down and its attempts section, the assignment pages, the exam log and the change previews.
// CSV downloads keep their values stable (English titles in the submissions CSV); the gradebook
// CSV's item headers follow the headers' language, so a header never mixes two languages.

const MUL = { en: "MulLayer: swap and multiply", ko: "MulLayer: 엇갈려 곱하기" };
const QUIZ = { en: "Predict dApple before you code", ko: "코드를 짜기 전에 dApple 예측하기" };

let teacher: Viewer;
let student: Viewer;
let courseId: string;
let mulLayer: string;
let quiz: string;
const as = (locale: "en" | "ko"): Viewer => ({ ...teacher, locale });

const result = (score: number): GradeResult => ({
  score,
  gradable: true,
  tests: [{ name: "hidden case 1", points: score, maxPoints: 1, passed: score >= 1, message: "" }],
  diagnosis: null,
  stdout: "",
  timings: { transpileMs: 1, runMs: 1, totalMs: 2 },
});

const assignment = (over: Partial<AssignmentInput> = {}): AssignmentInput => ({
  courseId,
  title: "Week 1",
  release: "2026-01-01 09:00",
  due: "2099-01-10 23:59",
  exerciseIds: [mulLayer, quiz],
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

beforeAll(async () => {
  const packages = await Promise.all(["mul-layer", "predict-dapple"].map((s) => loadPackage(`exercises/${s}`)));
  const seeded = await seedDemo(packages);
  courseId = seeded.courseId;
  teacher = { id: seeded.instructorId, email: "instructor@example.com", name: "Demo Instructor", role: "instructor" };
  mulLayer = (await db().exercise.findUniqueOrThrow({ where: { slug: "mul-layer" }, select: { id: true } })).id;
  quiz = (await db().exercise.findUniqueOrThrow({ where: { slug: "predict-dapple" }, select: { id: true } })).id;
  await setCourseTimeZone(teacher, { courseId, timeZone: "Asia/Seoul" });
  const created = await createUser({ email: "jiwoo@example.com", password: "long enough password", name: undefined });
  if (!created.ok) throw new Error("could not create user");
  student = { id: created.user.id, email: "jiwoo@example.com", name: null, role: "student" };
  await joinCourseByCode(student, "BACKPROP");
  const started = await startCodeSubmission(student, { exerciseId: mulLayer, code: "export class MulLayer {}", mode: "hidden" });
  if (!started.ok) throw new Error(started.message);
  await gradeStored(started.job, { grade: () => Promise.resolve(result(0.5)) });
});

describe("item titles in the reader's language", () => {
  it("lists the course's items for the instructor in their language", async () => {
    const ko = await listCourseItems(as("ko"), courseId);
    expect(ko.items.find((i) => i.id === mulLayer)?.title).toBe(MUL.ko);
    expect(ko.items.find((i) => i.id === quiz)?.title).toBe(QUIZ.ko);
    expect((await listCourseItems(as("en"), courseId)).items.find((i) => i.id === mulLayer)?.title).toBe(MUL.en);
    // A viewer with no language (the stored column before a choice) reads English.
    expect((await listCourseItems(teacher, courseId)).items.find((i) => i.id === mulLayer)?.title).toBe(MUL.en);
  });

  it("names a student's items in the drill-down and the attempts section in the instructor's language", async () => {
    const drill = await getStudentDrillDown(as("ko"), courseId, student.id);
    expect(drill.items.find((i) => i.id === mulLayer)?.title).toBe(MUL.ko);
    const exceptions = await getStudentExceptions(as("ko"), courseId, student.id);
    expect(exceptions.items.find((i) => i.id === mulLayer)?.title).toBe(MUL.ko);
    expect((await getStudentDrillDown(as("en"), courseId, student.id)).items.find((i) => i.id === mulLayer)?.title).toBe(MUL.en);
  });

  it("shows assignment items, the item picker, the exam log and the change preview in the instructor's language", async () => {
    const saved = await saveAssignment(as("ko"), assignment({ isExam: true, examMinutes: null, latePolicy: "none" }));
    if (!saved.ok || !saved.assignmentId) throw new Error(`not saved: ${JSON.stringify(saved)}`);
    const list = await listAssignments(as("ko"), courseId);
    expect(list.assignments[0]?.items.map((i) => i.title)).toEqual([MUL.ko, QUIZ.ko]);
    expect(list.items.find((i) => i.id === mulLayer)?.title).toBe(MUL.ko);
    const admin = await getAssignmentAdmin(as("ko"), saved.assignmentId);
    expect(admin.assignment.items.map((i) => i.title)).toEqual([MUL.ko, QUIZ.ko]);
    expect(admin.items.find((i) => i.id === quiz)?.title).toBe(QUIZ.ko);
    const log = await getExamLog(as("ko"), saved.assignmentId);
    expect(log.students.find((s) => s.userId === student.id)?.submissions.map((s) => s.itemTitle)).toEqual([MUL.ko]);
    expect((await getExamLog(as("en"), saved.assignmentId)).students.find((s) => s.userId === student.id)?.submissions[0]?.itemTitle).toBe(MUL.en);
    expect((await listAssignments(as("en"), courseId)).assignments[0]?.items.map((i) => i.title)).toEqual([MUL.en, QUIZ.en]);
    await db().assignment.deleteMany({ where: { courseId } });
    // A late policy over a past due time changes the student's credited score: the preview names the item.
    const preview = await previewAssignment(as("ko"), assignment({ due: "2026-01-02 23:59", latePolicy: "per-day", latePenalty: 20, lateFloor: 10 }));
    if (!preview.ok) throw new Error(JSON.stringify(preview));
    expect(preview.preview.changes.length).toBeGreaterThan(0);
    expect(preview.preview.changes.map((c) => c.itemTitle)).toEqual(preview.preview.changes.map(() => MUL.ko));
  });

  it("keeps CSV values stable and the gradebook CSV's item headers in the headers' language", async () => {
    // The viewer reads Korean, the download asks for English headers: the header is all English.
    const english = (await getGradebookCsv(as("ko"), courseId, "en")).csv.split("\n")[0] ?? "";
    expect(english).toContain(MUL.en);
    expect(english).not.toContain(MUL.ko);
    const korean = (await getGradebookCsv(as("en"), courseId, "ko")).csv.split("\n")[0] ?? "";
    expect(korean).toContain(MUL.ko);
    expect(korean).not.toContain(MUL.en);
    // The submissions CSV's title is a value (what a spreadsheet joins on): English in both.
    const rows = (await getSubmissionsCsv(as("ko"), courseId, "ko")).csv.split("\n");
    expect(rows[1]).toContain(MUL.en);
    expect(rows.join("\n")).not.toContain(MUL.ko);
  });

  it("offers the LTI item picker and names the LMS's new activities in the instructor's language", async () => {
    const platform = await db().ltiPlatform.create({
      data: { name: "LMS", issuer: "https://lms.example", clientId: "tool", authLoginUrl: "https://lms.example/auth", tokenUrl: "https://lms.example/token", jwksUrl: "https://lms.example/jwks" },
      select: { id: true },
    });
    const context = await db().ltiContext.create({ data: { platformId: platform.id, contextId: "c1", courseId }, select: { id: true } });
    const deepLink = { platformId: platform.id, deploymentId: "d1", contextRowId: context.id, returnUrl: "https://lms.example/return", acceptMultiple: true, acceptLineItem: true };
    const t = await signHandover({ userId: teacher.id, contextRowId: context.id, next: { kind: "deep-link", deepLink } });
    const choices = await getDeepLinkChoices(as("ko"), t);
    expect(choices.items.find((i) => i.id === mulLayer)?.title).toBe(MUL.ko);
    expect((await getDeepLinkChoices(as("en"), t)).items.find((i) => i.id === mulLayer)?.title).toBe(MUL.en);
    const response = await buildDeepLinkResponse(as("ko"), { t, item: [mulLayer] });
    if (!response.ok) throw new Error(response.message);
    const items = decodeJwt(response.jwt)[CLAIM.contentItems] as { title: string; lineItem: { label: string } }[];
    expect(items.map((i) => [i.title, i.lineItem.label])).toEqual([[MUL.ko, MUL.ko]]);
    // The passback page names a link without an LMS title by its item, in the instructor's language.
    await db().ltiResourceLink.create({ data: { platformId: platform.id, contextId: context.id, resourceLinkId: "r1", exerciseId: mulLayer } });
    const passback = await getPassbackStatus(as("ko"), courseId);
    expect(passback.contexts[0]?.links.map((l) => l.itemTitle)).toEqual([MUL.ko]);
  });
});
