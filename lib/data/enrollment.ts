import "server-only";
import { userText } from "@/lib/i18n/user-text";
import { z } from "zod";
import { db } from "./db";
import { isUniqueViolation } from "./unique-violation";
import { AccessError, assertUser, type Viewer } from "./access";
import { isCourseStaff } from "./instructor-access";
import { courseTextsIn } from "./course-texts";
import { viewerLocale } from "@/lib/exercises/i18n";

// Enrolment by join code, and the one access check every student-facing read goes through.

/** Join codes are shown in upper case; accept what a person types ("backprop ", "Back-Prop"). */
export const joinCodeSchema = z
  .string()
  .trim()
  .min(1, "Enter the join code from your instructor")
  .max(64, "That code is too long")
  .transform((s) => s.toUpperCase().replace(/\s+/g, ""));

export type JoinResult = { ok: true; courseId: string; slug: string; title: string; alreadyEnrolled: boolean } | { ok: false; message: string };

/**
 * Joins the course whose join code is `rawCode`. `via: "link"` (the join link /join/CODE) answers
 * an unknown code with the link's own sentence: a link stops working when its code is replaced.
 * An archived course takes nobody new (decision 122); someone already enrolled is let through to it.
 */
export async function joinCourseByCode(viewer: Viewer | null, rawCode: string, via: "code" | "link" = "code"): Promise<JoinResult> {
  const user = assertUser(viewer);
  const parsed = joinCodeSchema.safeParse(rawCode);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "Invalid code" };
  const course = await db().course.findUnique({ where: { joinCode: parsed.data }, select: { id: true, slug: true, title: true, archivedAt: true } });
  // Same message for "no such code" whatever the reason, so codes cannot be probed for details.
  if (!course) return { ok: false, message: userText(via === "link" ? "errors.joinLinkInvalid" : "errors.noSuchJoinCode") };
  // The course's own staff (trying their link) see it as staff already: no enrolment as a participant.
  if (await isCourseStaff(user, course.id)) return { ok: true, courseId: course.id, slug: course.slug, title: course.title, alreadyEnrolled: true };
  const existing = await db().enrollment.findUnique({ where: { userId_courseId: { userId: user.id, courseId: course.id } }, select: { id: true } });
  if (!existing) {
    if (course.archivedAt) return { ok: false, message: userText("errors.courseArchivedJoin") };
    // Two requests of one person at once (a link opened twice, a refresh racing the first render):
    // the unique index lets one insert; the other finds the person enrolled, which is what it wanted.
    await db()
      .enrollment.create({ data: { userId: user.id, courseId: course.id } })
      .catch((e: unknown) => {
        if (!isUniqueViolation(e)) throw e;
      });
  }
  return { ok: true, courseId: course.id, slug: course.slug, title: course.title, alreadyEnrolled: existing !== null };
}

export interface CourseRef {
  id: string;
  slug: string;
  title: string;
  description: string;
  /** Archived (decision 122): readable, but no submissions from students. */
  archived: boolean;
}

/**
 * The course named by id or slug if the viewer may see it: its staff (owner, co-teachers) and the
 * people enrolled in it; an instructor of other courses is no different from a student here.
 * Null when it does not exist; AccessError 403 when the viewer is not enrolled (the page offers
 * the join form rather than pretending the course is missing).
 */
export async function findCourseForViewer(viewer: Viewer | null, ref: string): Promise<(CourseRef & { staff: boolean }) | null> {
  const user = assertUser(viewer);
  const found = await db().course.findFirst({
    where: { OR: [{ id: ref }, { slug: ref }] },
    select: { id: true, slug: true, title: true, description: true, archivedAt: true },
  });
  if (!found) return null;
  const { archivedAt, ...texts } = found;
  // In the reader's language (the shipped course's texts have their Korean: course-texts.ts).
  const course = { ...courseTextsIn(texts, viewerLocale(user)), archived: archivedAt !== null, staff: await isCourseStaff(user, found.id) };
  if (course.staff) return course;
  const enrolled = await db().enrollment.findUnique({ where: { userId_courseId: { userId: user.id, courseId: course.id } }, select: { id: true } });
  if (!enrolled) throw new AccessError(403, userText("errors.notEnrolled"));
  return course;
}
