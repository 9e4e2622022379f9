import "server-only";
import { db } from "./db";
import { AccessError, assertInstructor, type Viewer } from "./access";
import { userText } from "@/lib/i18n/user-text";

// Site administrators (SiteAdmin, decision 092) in the data layer: they make instructors and issue
// password reset links for any account (decisions 120, 121).

export async function isSiteAdminId(userId: string): Promise<boolean> {
  return (await db().siteAdmin.count({ where: { userId } })) === 1;
}

/** An instructor who is a site administrator, else AccessError 401/403. */
export async function requireAdministrator(viewer: Viewer | null | undefined): Promise<Viewer> {
  const user = assertInstructor(viewer);
  if (!(await isSiteAdminId(user.id))) throw new AccessError(403, userText("invites.errors.adminsOnly"));
  return user;
}
