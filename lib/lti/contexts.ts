import "server-only";
import { userText } from "@/lib/i18n/user-text";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { db } from "@/lib/data/db";
import { withBusyRetry } from "@/lib/data/busy-retry";
import { AccessError, assertInstructor, type Viewer } from "@/lib/data/access";
import { newJoinCode } from "@/lib/data/courses-admin";
import { isCourseStaff, staffOf } from "@/lib/data/instructor-access";
import { signHandover, verifyHandover, type HandoverToken } from "./browser-tokens";

// The first instructor launch from an LMS course that is not linked yet: the instructor links it
// to one of the Chainrule courses they manage, or creates a new one named after it. Learners who
// launched before (LtiMembership) are enrolled at that moment. Then the launch goes on to what it
// was for (an item, the course, or picking items for deep linking).

export interface LinkCourseChoicesDto {
  contextTitle: string;
  platformName: string;
  linkedCourse: { id: string; title: string } | null;
  courses: { id: string; title: string; slug: string }[];
}

async function handoverOf(viewer: Viewer | null, token: string): Promise<{ user: Viewer; handover: HandoverToken }> {
  const user = assertInstructor(viewer);
  const handover = await verifyHandover(token);
  if (!handover) throw new AccessError(403, userText("ltiLaunch.handoverExpired"));
  if (handover.userId !== user.id) throw new AccessError(403, userText("ltiLaunch.otherAccount"));
  return { user, handover };
}

export async function getLinkCourseChoices(viewer: Viewer | null, token: string): Promise<LinkCourseChoicesDto> {
  const { user, handover } = await handoverOf(viewer, token);
  const context = await db().ltiContext.findUnique({ where: { id: handover.contextRowId }, select: { title: true, platform: { select: { name: true } }, course: { select: { id: true, title: true } } } });
  if (!context) throw new AccessError(403, userText("ltiLaunch.contextGone"));
  const courses = await db().course.findMany({ where: staffOf(user.id), orderBy: { title: "asc" }, select: { id: true, title: true, slug: true } });
  return { contextTitle: context.title, platformName: context.platform.name, linkedCourse: context.course, courses };
}

export const linkCourseInputSchema = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("existing"), t: z.string().min(1).max(16_384), courseId: z.string().min(1).max(64) }),
  z.object({ mode: z.literal("new"), t: z.string().min(1).max(16_384), title: z.string().trim().min(3, "Title must be at least 3 characters").max(120, "Title is too long") }),
]);

export type LinkCourseResult = { ok: true; location: string } | { ok: false; message: string };

function slugFor(title: string): string {
  const base = title
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48);
  return `${base || "course"}-${randomBytes(3).toString("hex")}`;
}

/** Links the launch's LMS course to a course the instructor manages (or a new one); where to go next. */
export async function linkContextToCourse(viewer: Viewer | null, raw: unknown): Promise<LinkCourseResult> {
  const parsed = linkCourseInputSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "Invalid choice" };
  const input = parsed.data;
  const { user, handover } = await handoverOf(viewer, input.t);
  if (input.mode === "existing" && !(await isCourseStaff(user, input.courseId))) throw new AccessError(403, userText("ltiLaunch.notYourCourse"));
  const courseId = await withBusyRetry(() =>
    db().$transaction(async (tx) => {
      const context = await tx.ltiContext.findUnique({ where: { id: handover.contextRowId }, select: { id: true, courseId: true } });
      if (!context) throw new AccessError(403, userText("ltiLaunch.contextGone"));
      let target: string;
      if (input.mode === "existing") target = input.courseId;
      else {
        const created = await tx.course.create({ data: { title: input.title, slug: slugFor(input.title), joinCode: newJoinCode(), ownerId: user.id }, select: { id: true } });
        target = created.id;
      }
      // Relinking an LMS course that already has one is for the staff of that course only.
      if (context.courseId && context.courseId !== target) {
        const staff = await tx.course.count({ where: { id: context.courseId, ...staffOf(user.id) } });
        if (staff === 0) throw new AccessError(403, userText("ltiLaunch.linkedElsewhere"));
      }
      await tx.ltiContext.update({ where: { id: context.id }, data: { courseId: target } });
      const learners = await tx.ltiMembership.findMany({ where: { contextId: context.id }, select: { userId: true } });
      for (const { userId } of learners) {
        await tx.enrollment.upsert({ where: { userId_courseId: { userId, courseId: target } }, create: { userId, courseId: target }, update: {} });
      }
      return target;
    }),
  );
  const course = await db().course.findUniqueOrThrow({ where: { id: courseId }, select: { slug: true } });
  const next = handover.next;
  if (next.kind === "deep-link") {
    const token = await signHandover({ userId: user.id, contextRowId: handover.contextRowId, next });
    return { ok: true, location: `/lti/deep-link?t=${encodeURIComponent(token)}` };
  }
  if (next.kind === "link") {
    const link = await db().ltiResourceLink.findUnique({ where: { id: next.linkRowId }, select: { exercise: { select: { slug: true, courseId: true } } } });
    if (link?.exercise && link.exercise.courseId === courseId) return { ok: true, location: `/courses/${course.slug}/${link.exercise.slug}` };
  }
  return { ok: true, location: `/courses/${course.slug}` };
}
