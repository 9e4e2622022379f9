import "server-only";
import { userText } from "@/lib/i18n/user-text";
import { randomBytes } from "node:crypto";
import { SignJWT } from "jose";
import { z } from "zod";
import { db } from "@/lib/data/db";
import { AccessError, assertInstructor, type Viewer } from "@/lib/data/access";
import { requireCourseInstructor } from "@/lib/data/instructor-access";
import { exerciseTitleIn, TITLE_SELECT, viewerLocale } from "@/lib/exercises/i18n";
import { verifyHandover, type DeepLinkHandover } from "./browser-tokens";
import { CLAIM, CUSTOM, LTI_VERSION, MESSAGE_TYPE } from "./claims";
import { toolRegistrationValues } from "./platforms";
import { currentSigningKey } from "./tool-keys";

// Deep Linking 2.0: an instructor picks Chainrule items, assignments (decision 096) or the whole
// course from the LMS's
// "add activity"; Chainrule answers with an LtiDeepLinkingResponse JWT signed by its current key,
// one ltiResourceLink content item per pick, each with a line item so the LMS creates the gradebook
// column, and custom parameters that say what the link opens when it is launched.

export interface DeepLinkChoiceDto {
  courseId: string;
  courseTitle: string;
  returnUrl: string;
  acceptMultiple: boolean;
  items: { id: string; title: string; kind: string; points: number; hidden: boolean }[];
  /** The course's assignments; points: the sum of their items' points (the line item's maximum). */
  assignments: { id: string; title: string; isExam: boolean; itemCount: number; points: number }[];
}

/** An assignment's items' points: an assignment link's scoreMaximum (lib/lti/outbox.ts currentScore sums the same). */
const assignmentPoints = (a: { items: { exercise: { points: number } }[] }) => a.items.reduce((sum, i) => sum + i.exercise.points, 0);
const assignmentSelect = { id: true, title: true, isExam: true, items: { select: { exercise: { select: { points: true } } } } } as const;

async function handoverFor(viewer: Viewer | null, token: string): Promise<{ user: Viewer; deepLink: DeepLinkHandover; courseId: string }> {
  const user = assertInstructor(viewer);
  const handover = await verifyHandover(token);
  if (!handover || handover.next.kind !== "deep-link") throw new AccessError(403, userText("ltiLaunch.deepLinkExpired"));
  if (handover.userId !== user.id) throw new AccessError(403, userText("ltiLaunch.deepLinkOtherAccount"));
  const context = await db().ltiContext.findUnique({ where: { id: handover.next.deepLink.contextRowId }, select: { courseId: true } });
  if (!context?.courseId) throw new AccessError(403, userText("ltiLaunch.notLinkedYet"));
  await requireCourseInstructor(user, context.courseId);
  return { user, deepLink: handover.next.deepLink, courseId: context.courseId };
}

/** What the instructor may pick: the items and assignments of the course the LMS course is linked to. */
export async function getDeepLinkChoices(viewer: Viewer | null, token: string): Promise<DeepLinkChoiceDto> {
  const { deepLink, courseId } = await handoverFor(viewer, token);
  const course = await db().course.findUniqueOrThrow({
    where: { id: courseId },
    select: {
      id: true,
      title: true,
      exercises: { orderBy: [{ order: "asc" }, { slug: "asc" }], select: { id: true, ...TITLE_SELECT, kind: true, points: true, hidden: true } },
      assignments: { orderBy: [{ position: "asc" }, { title: "asc" }], select: assignmentSelect },
    },
  });
  return {
    courseId: course.id,
    courseTitle: course.title,
    returnUrl: deepLink.returnUrl,
    acceptMultiple: deepLink.acceptMultiple,
    // Titles in the instructor's language (the picker, and the LMS column names they create).
    items: course.exercises.map(({ currentVersion, ...e }) => ({ ...e, title: exerciseTitleIn({ title: e.title, currentVersion }, viewerLocale(viewer)) })),
    assignments: course.assignments.map((a) => ({ id: a.id, title: a.title, isExam: a.isExam, itemCount: a.items.length, points: assignmentPoints(a) })),
  };
}

export const deepLinkSelectionSchema = z.object({
  t: z.string().min(1).max(16_384),
  item: z.array(z.string().min(1).max(64)).max(200).default([]),
  assignment: z.array(z.string().min(1).max(64)).max(200).default([]),
  course: z.boolean().default(false),
});

export type DeepLinkResponse = { ok: true; returnUrl: string; jwt: string; count: number } | { ok: false; message: string };

/** The signed deep-linking response for the picked items, to be posted to the LMS by the browser. */
export async function buildDeepLinkResponse(viewer: Viewer | null, raw: unknown): Promise<DeepLinkResponse> {
  const parsed = deepLinkSelectionSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: userText("ltiLaunch.selectionMalformed") };
  const { deepLink, courseId } = await handoverFor(viewer, parsed.data.t);
  const picked = new Set(parsed.data.item);
  const pickedAssignments = new Set(parsed.data.assignment);
  const count = picked.size + pickedAssignments.size + (parsed.data.course ? 1 : 0);
  if (count === 0) return { ok: false, message: userText("ltiLaunch.pickOne") };
  if (!deepLink.acceptMultiple && count > 1) return { ok: false, message: userText("ltiLaunch.onlyOne") };
  const course = await db().course.findUniqueOrThrow({
    where: { id: courseId },
    select: {
      id: true,
      title: true,
      exercises: { where: { id: { in: [...picked] } }, orderBy: [{ order: "asc" }, { slug: "asc" }], select: { id: true, ...TITLE_SELECT, points: true } },
      assignments: { where: { id: { in: [...pickedAssignments] } }, orderBy: [{ position: "asc" }, { title: "asc" }], select: assignmentSelect },
    },
  });
  if (course.exercises.length !== picked.size) return { ok: false, message: userText("ltiLaunch.itemsNotInCourse") };
  if (course.assignments.length !== pickedAssignments.size) return { ok: false, message: userText("ltiLaunch.assignmentsNotInCourse") };
  const launchUrl = toolRegistrationValues().launchUrl;
  const totalPoints = (await db().exercise.aggregate({ where: { courseId, hidden: false }, _sum: { points: true } }))._sum.points ?? 0;
  const contentItems = [
    ...course.exercises.map(({ currentVersion, ...row }) => ({ ...row, title: exerciseTitleIn({ title: row.title, currentVersion }, viewerLocale(viewer)) })).map((e) => ({
      type: "ltiResourceLink",
      title: e.title,
      url: launchUrl,
      custom: { [CUSTOM.item]: e.id },
      lineItem: { scoreMaximum: e.points, label: e.title, resourceId: e.id, tag: "chainrule" },
    })),
    ...course.assignments.map((a) => ({
      type: "ltiResourceLink",
      title: a.title,
      text: a.isExam ? "An exam: its score reaches the gradebook once its results are released" : "Every item of the assignment",
      url: launchUrl,
      custom: { [CUSTOM.assignment]: a.id },
      // A line item's scoreMaximum must be positive: an assignment without items gets no column yet.
      ...(assignmentPoints(a) > 0 ? { lineItem: { scoreMaximum: assignmentPoints(a), label: a.title, resourceId: a.id, tag: "chainrule" } } : {}),
    })),
    ...(parsed.data.course
      ? [{ type: "ltiResourceLink", title: course.title, text: "Every item of the course", url: launchUrl, custom: { [CUSTOM.course]: course.id }, lineItem: { scoreMaximum: totalPoints, label: course.title, resourceId: course.id, tag: "chainrule" } }]
      : []),
  ];
  const platform = await db().ltiPlatform.findUniqueOrThrow({ where: { id: deepLink.platformId }, select: { issuer: true, clientId: true } });
  const { kid, key } = await currentSigningKey();
  const jwt = await new SignJWT({
    nonce: randomBytes(16).toString("base64url"),
    [CLAIM.messageType]: MESSAGE_TYPE.deepLinkingResponse,
    [CLAIM.version]: LTI_VERSION,
    [CLAIM.deploymentId]: deepLink.deploymentId,
    [CLAIM.contentItems]: contentItems,
    ...(deepLink.data !== undefined ? { [CLAIM.deepLinkingData]: deepLink.data } : {}),
  })
    .setProtectedHeader({ alg: "RS256", kid, typ: "JWT" })
    .setIssuer(platform.clientId)
    .setAudience(platform.issuer)
    .setIssuedAt()
    .setExpirationTime("5m")
    .sign(key);
  return { ok: true, returnUrl: deepLink.returnUrl, jwt, count: contentItems.length };
}
