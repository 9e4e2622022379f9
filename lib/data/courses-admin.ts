import "server-only";
import { randomInt } from "node:crypto";
import { z } from "zod";
import { gradeResultSchema, type GradeResult } from "@/lib/grading/contract";
import { exerciseTitleIn, TITLE_SELECT, viewerLocale, type ContentLocale } from "@/lib/exercises/i18n";
import type { QuizPresentation } from "@/lib/exercises/suite-types";
import { userText } from "@/lib/i18n/user-text";
import { db } from "./db";
import { isUniqueViolation } from "./unique-violation";
import { assertInstructor, AccessError, type Viewer } from "./access";
import { requireCourseInstructor, requireCourseOwner, staffOf, type ManagedCourse } from "./instructor-access";
import { emailSchema } from "./users";
import { answerView, type AnswerView } from "@/lib/exercises/answer-view";
import { quizPresentationSchema } from "@/lib/exercises/quiz";
import type { GraderClient } from "@/lib/grading/client";
import { versionSource } from "./packages";

// Course management for instructors: their courses, creating one (with a fresh join code), the
// item list of a course, and the drill-down of one student's work.

export interface ManagedCourseDto extends ManagedCourse {
  description: string;
  /** Set while archived (decision 122): the instructor home lists it under "Archived". */
  archivedAt: Date | null;
  itemCount: number;
  hiddenItemCount: number;
  students: { id: string; email: string; name: string | null; enrolledAt: Date }[];
  /** The viewer owns the course (and so may add and remove co-teachers). */
  isOwner: boolean;
  owner: { id: string; email: string; name: string | null } | null;
  coTeachers: { id: string; email: string; name: string | null }[];
}

/** Courses the viewer is staff of (owns or co-teaches), with join codes, staff and enrolled students. */
export async function listManagedCourses(viewer: Viewer | null): Promise<ManagedCourseDto[]> {
  const user = assertInstructor(viewer);
  const person = { select: { id: true, email: true, name: true } } as const;
  const courses = await db().course.findMany({
    where: staffOf(user.id),
    orderBy: { title: "asc" },
    select: {
      id: true,
      slug: true,
      title: true,
      description: true,
      joinCode: true,
      archivedAt: true,
      owner: person,
      coTeachers: { orderBy: { createdAt: "asc" }, select: { user: person } },
      exercises: { select: { hidden: true } },
      enrollments: {
        where: { user: { role: "student" } },
        orderBy: { createdAt: "asc" },
        select: { createdAt: true, user: { select: { id: true, email: true, name: true } } },
      },
    },
  });
  return courses.map((c) => ({
    id: c.id,
    slug: c.slug,
    title: c.title,
    description: c.description,
    joinCode: c.joinCode,
    archivedAt: c.archivedAt,
    itemCount: c.exercises.length,
    hiddenItemCount: c.exercises.filter((e) => e.hidden).length,
    students: c.enrollments.map((e) => ({ id: e.user.id, email: e.user.email, name: e.user.name, enrolledAt: e.createdAt })),
    isOwner: c.owner?.id === user.id,
    owner: c.owner,
    coTeachers: c.coTeachers.map((t) => t.user),
  }));
}

export const coTeacherInputSchema = z.object({ courseId: z.string().min(1).max(64), email: emailSchema });

export type CoTeacherResult = { ok: true; message: string } | { ok: false; message: string };

/**
 * The owner adds an instructor as a co-teacher: from then on they manage the course as the owner
 * does (grades, items, regrades), except who co-teaches.
 */
export async function addCoTeacher(viewer: Viewer | null, input: z.output<typeof coTeacherInputSchema>): Promise<CoTeacherResult> {
  const { viewer: owner, course } = await requireCourseOwner(viewer, input.courseId);
  const teacher = await db().user.findUnique({ where: { email: input.email }, select: { id: true, role: true } });
  if (!teacher || teacher.role !== "instructor") return { ok: false, message: userText("instructorData.noInstructorEmail") };
  if (teacher.id === owner.id) return { ok: false, message: userText("instructorData.ownCourse") };
  await db().courseInstructor.upsert({
    where: { courseId_userId: { courseId: course.id, userId: teacher.id } },
    create: { courseId: course.id, userId: teacher.id },
    update: {},
  });
  return { ok: true, message: userText("instructorData.coTeaches", { email: input.email, course: course.title }) };
}

export async function removeCoTeacher(viewer: Viewer | null, input: { courseId: string; userId: string }): Promise<void> {
  const { course } = await requireCourseOwner(viewer, input.courseId);
  await db().courseInstructor.deleteMany({ where: { courseId: course.id, userId: input.userId } });
}

/**
 * For the operator's command line (scripts/accounts.ts): the instructor with `email` becomes the
 * owner of the course with `slug`, e.g. of a course whose owner's account was deleted, or of the
 * course a fresh database gets when DEMO_SEED=off.
 */
export async function setCourseOwnerByEmail(slug: string, email: string): Promise<{ ok: true } | { ok: false; message: string }> {
  const [course, user] = await Promise.all([
    db().course.findUnique({ where: { slug }, select: { id: true } }),
    db().user.findUnique({ where: { email: emailSchema.parse(email) }, select: { id: true, role: true } }),
  ]);
  if (!course) return { ok: false, message: `No course has the slug "${slug}".` };
  if (!user || user.role !== "instructor") return { ok: false, message: `No instructor account has the email ${email}.` };
  await db().$transaction([
    db().course.update({ where: { id: course.id }, data: { ownerId: user.id } }),
    // An owner is not also listed as co-teacher.
    db().courseInstructor.deleteMany({ where: { courseId: course.id, userId: user.id } }),
  ]);
  return { ok: true };
}

/** The course's own fields, as the create and edit forms have them. */
export const courseFieldsSchema = z.object({
  title: z.string().trim().min(3, userText("courseForm.errors.titleShort")).max(120, userText("courseForm.errors.titleLong")),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, userText("courseForm.errors.slugFormat"))
    .max(64, userText("courseForm.errors.slugLong")),
  description: z.string().trim().max(2000, userText("courseForm.errors.descriptionLong")).default(""),
});
export const createCourseSchema = courseFieldsSchema;
export const updateCourseSchema = courseFieldsSchema.extend({ courseId: z.string().min(1).max(64) });

export type CourseField = "title" | "slug" | "description";

/** Every refused field of the course form at once (the first issue of each), as userText. */
export function courseFieldErrors(issues: readonly z.core.$ZodIssue[]): Partial<Record<CourseField, string>> {
  const errors: Partial<Record<CourseField, string>> = {};
  for (const issue of issues) {
    const key = issue.path[0];
    if ((key === "title" || key === "slug" || key === "description") && !errors[key]) errors[key] = issue.message;
  }
  return errors;
}
export type CreateCourseResult = { ok: true; course: ManagedCourse } | { ok: false; errors: Partial<Record<CourseField, string>> };

// No 0/O/1/I: join codes are read aloud and copied from slides.
const CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
export function newJoinCode(length = 8): string {
  return Array.from({ length }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join("");
}

/** The unique column a failed write collided with, or null when the error is something else. */
function uniqueCollision(e: unknown): "slug" | "joinCode" | null {
  if (!isUniqueViolation(e)) return null;
  return JSON.stringify(e.meta ?? {}).includes("slug") ? "slug" : "joinCode";
}

export async function createCourse(viewer: Viewer | null, input: z.output<typeof createCourseSchema>): Promise<CreateCourseResult> {
  const user = assertInstructor(viewer);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const course = await db().course.create({
        data: { title: input.title, slug: input.slug, description: input.description, joinCode: newJoinCode(), ownerId: user.id },
        select: { id: true, slug: true, title: true, joinCode: true },
      });
      return { ok: true, course };
    } catch (e) {
      const collision = uniqueCollision(e);
      if (collision === "slug") return { ok: false, errors: { slug: userText("instructorData.slugTaken") } };
      if (collision === "joinCode") continue; // draw another
      throw e;
    }
  }
  throw new Error("could not draw a unique join code");
}

export interface CourseSettingsDto {
  id: string;
  slug: string;
  title: string;
  description: string;
  joinCode: string;
  archivedAt: Date | null;
  /** Only the owner archives and restores (decision 122). */
  isOwner: boolean;
  studentCount: number;
}

/** The course's settings page: its fields, join code and archive state, for its staff. */
export async function getCourseSettings(viewer: Viewer | null, courseId: string): Promise<CourseSettingsDto> {
  const { course, isOwner } = await requireCourseInstructor(viewer, courseId);
  const row = await db().course.findUniqueOrThrow({
    where: { id: course.id },
    select: { description: true, archivedAt: true, _count: { select: { enrollments: { where: { user: { role: "student" } } } } } },
  });
  return { ...course, description: row.description, archivedAt: row.archivedAt, isOwner, studentCount: row._count.enrollments };
}

/**
 * Title, slug and description, by any of the course's staff. A new slug changes the course's
 * student URLs (ids keep working: /courses/<id> opens it too).
 */
export async function updateCourse(viewer: Viewer | null, input: z.output<typeof updateCourseSchema>): Promise<CreateCourseResult> {
  const { course } = await requireCourseInstructor(viewer, input.courseId);
  try {
    const updated = await db().course.update({
      where: { id: course.id },
      data: { title: input.title, slug: input.slug, description: input.description },
      select: { id: true, slug: true, title: true, joinCode: true },
    });
    return { ok: true, course: updated };
  } catch (e) {
    if (uniqueCollision(e) === "slug") return { ok: false, errors: { slug: userText("instructorData.slugTaken") } };
    throw e;
  }
}

/**
 * A fresh join code, by any of the course's staff: the old code and every join link made from it
 * stop working at once (a code that leaked to the wrong people). Enrolled students stay enrolled.
 */
export async function regenerateJoinCode(viewer: Viewer | null, courseId: string): Promise<{ joinCode: string }> {
  const { course } = await requireCourseInstructor(viewer, courseId);
  for (let attempt = 0; attempt < 5; attempt++) {
    const joinCode = newJoinCode();
    try {
      await db().course.update({ where: { id: course.id }, data: { joinCode } });
      return { joinCode };
    } catch (e) {
      if (uniqueCollision(e) === "joinCode") continue;
      throw e;
    }
  }
  throw new Error("could not draw a unique join code");
}

/**
 * Archive (or restore) the course: only its owner, as for who co-teaches (decision 122). While
 * archived, nobody joins and students submit nothing; grades and items stay readable.
 */
export async function setCourseArchived(viewer: Viewer | null, courseId: string, archived: boolean): Promise<{ archivedAt: Date | null }> {
  const { course } = await requireCourseOwner(viewer, courseId);
  const current = await db().course.findUniqueOrThrow({ where: { id: course.id }, select: { archivedAt: true } });
  // Archiving twice keeps the first date (the day the course ended).
  const archivedAt = archived ? (current.archivedAt ?? new Date()) : null;
  await db().course.update({ where: { id: course.id }, data: { archivedAt } });
  return { archivedAt };
}

export interface CourseItemDto {
  id: string;
  slug: string;
  title: string;
  kind: string;
  points: number;
  order: number;
  hidden: boolean;
  source: string;
  versions: number;
}

/** The course's items in order, for the item list (reorder / hide / edit / export). */
export async function listCourseItems(viewer: Viewer | null, courseId: string): Promise<{ course: ManagedCourse; items: CourseItemDto[] }> {
  const { course } = await requireCourseInstructor(viewer, courseId);
  const rows = await db().exercise.findMany({
    where: { courseId: course.id },
    orderBy: [{ order: "asc" }, { slug: "asc" }],
    select: { id: true, slug: true, ...TITLE_SELECT, kind: true, points: true, order: true, hidden: true, source: true, _count: { select: { versions: true } } },
  });
  const locale = viewerLocale(viewer);
  return { course, items: rows.map(({ _count, currentVersion, ...r }) => ({ ...r, title: exerciseTitleIn({ title: r.title, currentVersion }, locale), versions: _count.versions })) };
}

export interface DrillDownAttempt {
  id: string;
  at: Date;
  type: "code" | "quiz" | "run";
  score: number | null;
  gradable: boolean | null;
  status: string;
  diagnosis: string | null;
  code: string | null;
  /** A quiz answer as stored (JSON), shown only when it cannot be shown as the student saw it. */
  answer: string | null;
  /** A quiz answer in the terms of the variant the student was shown (labels with values). */
  shown: AnswerView | null;
  result: GradeResult | null;
  versionHash: string;
}

export interface StudentDrillDownDto {
  course: ManagedCourse;
  student: { id: string; email: string; name: string | null; enrolledAt: Date };
  items: { id: string; slug: string; title: string; kind: string; points: number; bestScore: number; attempts: number; attemptsList: DrillDownAttempt[] }[];
}

/**
 * Each quiz answer (by id) as the student saw it. One presentation per (version, seed): a student's
 * answers to one variant share it. A variant the grader cannot present any more gives null (the
 * page then shows the stored answer).
 */
async function answersAsShown(
  items: { slug: string; source: string; quizAnswers: { id: string; answer: unknown; seed: number; exerciseVersion: { id: string } }[] }[],
  locale: ContentLocale,
  grader: Pick<GraderClient, "present"> | undefined,
): Promise<Map<string, AnswerView | null>> {
  const out = new Map<string, AnswerView | null>();
  if (!grader) return out;
  const presentations = new Map<string, Promise<QuizPresentation | null>>();
  const present = (item: { slug: string; source: string }, version: { id: string }, seed: number): Promise<QuizPresentation | null> => {
    const key = `${version.id}:${seed}`;
    let p = presentations.get(key);
    if (!p) {
      p = (async () => {
        const answer = await grader.present(await versionSource(version, item), seed, locale);
        const parsed = answer.ok ? quizPresentationSchema.safeParse(answer.value.presentation) : null;
        return parsed?.success ? parsed.data : null;
      })().catch(() => null);
      presentations.set(key, p);
    }
    return p;
  };
  await Promise.all(
    items.flatMap((it) =>
      it.quizAnswers.map(async (a) => {
        const p = await present(it, a.exerciseVersion, a.seed);
        out.set(a.id, p ? answerView(p, a.answer) : null);
      }),
    ),
  );
  return out;
}

/**
 * Every submission (code, result, time) and quiz answer of one enrolled student, per item. With a
 * grader, each quiz answer is also given as the student saw it: its version's variant for its seed
 * is presented again (in the reader's language) and the answer's ids become labels (answerView).
 */
export async function getStudentDrillDown(viewer: Viewer | null, courseId: string, userId: string, grader?: Pick<GraderClient, "present">): Promise<StudentDrillDownDto> {
  const { course } = await requireCourseInstructor(viewer, courseId);
  const enrollment = await db().enrollment.findUnique({
    where: { userId_courseId: { userId, courseId: course.id } },
    select: { createdAt: true, user: { select: { id: true, email: true, name: true } } },
  });
  if (!enrollment) throw new AccessError(403, userText("instructorData.noSuchStudent"));
  const items = await db().exercise.findMany({
    where: { courseId: course.id },
    orderBy: [{ order: "asc" }, { slug: "asc" }],
    select: {
      id: true,
      slug: true,
      source: true,
      ...TITLE_SELECT,
      kind: true,
      points: true,
      progress: { where: { userId }, select: { bestScore: true, attempts: true } },
      submissions: {
        where: { userId },
        orderBy: { createdAt: "desc" },
        select: { id: true, createdAt: true, mode: true, status: true, score: true, gradable: true, code: true, result: true, exerciseVersion: { select: { contentHash: true } } },
      },
      quizAnswers: {
        where: { userId, practice: false },
        orderBy: { createdAt: "desc" },
        select: { id: true, createdAt: true, score: true, gradable: true, answer: true, seed: true, exerciseVersion: { select: { id: true, contentHash: true } } },
      },
    },
  });
  const shown = await answersAsShown(items, viewerLocale(viewer), grader);
  return {
    course,
    student: { ...enrollment.user, enrolledAt: enrollment.createdAt },
    items: items.map((it) => {
      const attemptsList: DrillDownAttempt[] = [
        ...it.submissions.map((s): DrillDownAttempt => {
          const parsed = gradeResultSchema.safeParse(s.result);
          const result = parsed.success ? parsed.data : null;
          return {
            id: s.id,
            at: s.createdAt,
            type: s.mode === "hidden" ? "code" : "run",
            score: s.score,
            gradable: s.gradable,
            status: s.status,
            diagnosis: result?.diagnosis?.id ?? null,
            code: s.code,
            answer: null,
            shown: null,
            result,
            versionHash: s.exerciseVersion.contentHash,
          };
        }),
        ...it.quizAnswers.map(
          (a): DrillDownAttempt => ({
            id: a.id,
            at: a.createdAt,
            type: "quiz",
            score: a.score,
            gradable: a.gradable,
            status: "graded",
            diagnosis: null,
            code: null,
            answer: JSON.stringify(a.answer),
            shown: shown.get(a.id) ?? null,
            result: null,
            versionHash: a.exerciseVersion.contentHash,
          }),
        ),
      ].sort((a, b) => b.at.getTime() - a.at.getTime());
      const p = it.progress[0];
      return { id: it.id, slug: it.slug, title: exerciseTitleIn(it, viewerLocale(viewer)), kind: it.kind, points: it.points, bestScore: p?.bestScore ?? 0, attempts: p?.attempts ?? 0, attemptsList };
    }),
  };
}
