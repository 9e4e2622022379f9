import "server-only";
import { randomBytes } from "node:crypto";
import { SignJWT } from "jose";
import { z } from "zod";
import { db } from "@/lib/data/db";
import { AccessError, assertInstructor, type Viewer } from "@/lib/data/access";
import { requireCourseInstructor } from "@/lib/data/instructor-access";
import { verifyHandover, type DeepLinkHandover } from "./browser-tokens";
import { CLAIM, CUSTOM, LTI_VERSION, MESSAGE_TYPE } from "./claims";
import { toolRegistrationValues } from "./platforms";
import { currentSigningKey } from "./tool-keys";

// Deep Linking 2.0: an instructor picks Chainrule items (or the whole course) from the LMS's
// "add activity"; Chainrule answers with an LtiDeepLinkingResponse JWT signed by its current key,
// one ltiResourceLink content item per pick, each with a line item so the LMS creates the gradebook
// column, and custom parameters that say what the link opens when it is launched.

export interface DeepLinkChoiceDto {
  courseId: string;
  courseTitle: string;
  returnUrl: string;
  acceptMultiple: boolean;
  items: { id: string; title: string; kind: string; points: number; hidden: boolean }[];
}

async function handoverFor(viewer: Viewer | null, token: string): Promise<{ user: Viewer; deepLink: DeepLinkHandover; courseId: string }> {
  const user = assertInstructor(viewer);
  const handover = await verifyHandover(token);
  if (!handover || handover.next.kind !== "deep-link") throw new AccessError(403, "This page needs a deep-linking launch from the LMS, at most an hour old. Add the activity again from the LMS.");
  if (handover.userId !== user.id) throw new AccessError(403, "This deep-linking launch belongs to another account.");
  const context = await db().ltiContext.findUnique({ where: { id: handover.next.deepLink.contextRowId }, select: { courseId: true } });
  if (!context?.courseId) throw new AccessError(403, "This LMS course is not linked to a Chainrule course yet.");
  await requireCourseInstructor(user, context.courseId);
  return { user, deepLink: handover.next.deepLink, courseId: context.courseId };
}

/** What the instructor may pick: the items of the course the LMS course is linked to. */
export async function getDeepLinkChoices(viewer: Viewer | null, token: string): Promise<DeepLinkChoiceDto> {
  const { deepLink, courseId } = await handoverFor(viewer, token);
  const course = await db().course.findUniqueOrThrow({
    where: { id: courseId },
    select: { id: true, title: true, exercises: { orderBy: [{ order: "asc" }, { slug: "asc" }], select: { id: true, title: true, kind: true, points: true, hidden: true } } },
  });
  return { courseId: course.id, courseTitle: course.title, returnUrl: deepLink.returnUrl, acceptMultiple: deepLink.acceptMultiple, items: course.exercises };
}

export const deepLinkSelectionSchema = z.object({
  t: z.string().min(1).max(16_384),
  item: z.array(z.string().min(1).max(64)).max(200).default([]),
  course: z.boolean().default(false),
});

export type DeepLinkResponse = { ok: true; returnUrl: string; jwt: string; count: number } | { ok: false; message: string };

/** The signed deep-linking response for the picked items, to be posted to the LMS by the browser. */
export async function buildDeepLinkResponse(viewer: Viewer | null, raw: unknown): Promise<DeepLinkResponse> {
  const parsed = deepLinkSelectionSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: "The selection is malformed." };
  const { deepLink, courseId } = await handoverFor(viewer, parsed.data.t);
  const picked = new Set(parsed.data.item);
  if (picked.size === 0 && !parsed.data.course) return { ok: false, message: "Pick at least one item (or the whole course)." };
  if (!deepLink.acceptMultiple && picked.size + (parsed.data.course ? 1 : 0) > 1) return { ok: false, message: "This place in the LMS takes one activity: pick one." };
  const course = await db().course.findUniqueOrThrow({
    where: { id: courseId },
    select: { id: true, title: true, exercises: { where: { id: { in: [...picked] } }, orderBy: [{ order: "asc" }, { slug: "asc" }], select: { id: true, title: true, points: true } } },
  });
  if (course.exercises.length !== picked.size) return { ok: false, message: "Some of the picked items are not in this course." };
  const launchUrl = toolRegistrationValues().launchUrl;
  const totalPoints = (await db().exercise.aggregate({ where: { courseId, hidden: false }, _sum: { points: true } }))._sum.points ?? 0;
  const contentItems = [
    ...course.exercises.map((e) => ({
      type: "ltiResourceLink",
      title: e.title,
      url: launchUrl,
      custom: { [CUSTOM.item]: e.id },
      lineItem: { scoreMaximum: e.points, label: e.title, resourceId: e.id, tag: "chainrule" },
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
