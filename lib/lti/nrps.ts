import "server-only";
import { userText } from "@/lib/i18n/user-text";
import { z } from "zod";
import { db } from "@/lib/data/db";
import { withBusyRetry } from "@/lib/data/busy-retry";
import type { Viewer } from "@/lib/data/access";
import { requireCourseInstructor } from "@/lib/data/instructor-access";
import { courseRoleOf, MEDIA_TYPE, SCOPE } from "./claims";
import { accountForLmsUser, applyCourseRole } from "./launch";
import { callService, PlatformCallError } from "./service-client";

// Names and Role Provisioning Services 2.0: the roster of an LMS course, read page by page (Link
// rel="next") from the context_memberships_url of its launches. Syncing makes every active
// member a Chainrule account linked to them (as their first launch would), enrols learners and
// adds instructors as co-teachers; a learner the LMS reports Inactive or Deleted is unenrolled
// (their work stays). Members missing from the list are left alone.

const memberSchema = z.object({
  user_id: z.string().min(1).max(255),
  roles: z.array(z.string().max(512)).max(100).default([]),
  status: z.string().max(32).optional(),
  name: z.string().max(1000).optional(),
  given_name: z.string().max(1000).optional(),
  family_name: z.string().max(1000).optional(),
  email: z.string().max(320).optional(),
});
const containerSchema = z.object({ members: z.array(z.unknown()).max(10_000) });

const MAX_PAGES = 100;

/** The URL of the Link header's rel="next", if any. */
export function nextPageUrl(link: string | null): string | null {
  if (!link) return null;
  for (const part of link.split(",")) {
    const match = /<([^>]+)>\s*;(.*)$/.exec(part.trim());
    if (match?.[1] && /\brel\s*=\s*"?next"?/i.test(match[2] ?? "")) return match[1];
  }
  return null;
}

export interface RosterSyncResult {
  members: number;
  learners: number;
  staff: number;
  newAccounts: number;
  unenrolled: number;
  skipped: number;
}

export type RosterSyncOutcome = { ok: true; result: RosterSyncResult } | { ok: false; message: string };

/** Syncs the roster of one LMS course linked to a course the viewer manages. */
export async function syncRoster(viewer: Viewer | null, contextRowId: string): Promise<RosterSyncOutcome> {
  const context = await db().ltiContext.findUnique({
    where: { id: contextRowId },
    select: { id: true, courseId: true, membershipsUrl: true, platform: { select: { id: true, clientId: true, tokenUrl: true, tokenAudience: true, trustEmail: true } } },
  });
  if (!context?.courseId) return { ok: false, message: userText("ltiLaunch.notLinked") };
  await requireCourseInstructor(viewer, context.courseId);
  if (!context.membershipsUrl) return { ok: false, message: userText("ltiLaunch.noRosterService") };
  const members: z.infer<typeof memberSchema>[] = [];
  let skipped = 0;
  try {
    let url: string | null = context.membershipsUrl;
    for (let page = 0; url && page < MAX_PAGES; page++) {
      const response = await callService(context.platform, [SCOPE.memberships], url, { method: "GET", accept: MEDIA_TYPE.memberships });
      const container = containerSchema.parse(JSON.parse(response.text));
      for (const raw of container.members) {
        const member = memberSchema.safeParse(raw);
        if (member.success) members.push(member.data);
        else skipped++;
      }
      url = nextPageUrl(response.headers.get("link"));
    }
  } catch (e) {
    if (e instanceof PlatformCallError || e instanceof SyntaxError || e instanceof z.ZodError) return { ok: false, message: userText("ltiLaunch.rosterUnreadable", { detail: e.message.slice(0, 300) }) };
    throw e;
  }
  const result: RosterSyncResult = { members: members.length, learners: 0, staff: 0, newAccounts: 0, unenrolled: 0, skipped };
  const courseId = context.courseId;
  await withBusyRetry(() =>
    db().$transaction(
      async (tx) => {
        for (const member of members) {
          const role = courseRoleOf(member.roles);
          const inactive = member.status !== undefined && member.status !== "Active";
          if (role === "none") {
            result.skipped++;
            continue;
          }
          if (inactive) {
            if (role !== "learner") continue;
            const account = await tx.ltiAccount.findUnique({ where: { platformId_subject: { platformId: context.platform.id, subject: member.user_id } }, select: { userId: true } });
            if (!account) continue;
            const removed = await tx.enrollment.deleteMany({ where: { userId: account.userId, courseId } });
            await tx.ltiMembership.deleteMany({ where: { contextId: context.id, userId: account.userId } });
            result.unenrolled += removed.count;
            continue;
          }
          const name = member.name ?? ([member.given_name, member.family_name].filter(Boolean).join(" ") || null);
          const user = await accountForLmsUser(tx, context.platform, { subject: member.user_id, email: member.email, name, staff: role === "staff" });
          if (user.created) result.newAccounts++;
          await applyCourseRole(tx, context.id, courseId, user.id, role);
          if (role === "staff") result.staff++;
          else result.learners++;
        }
        await tx.ltiContext.update({ where: { id: context.id }, data: { rosterSyncedAt: new Date() } });
      },
      { timeout: 120_000 },
    ),
  );
  return { ok: true, result };
}
