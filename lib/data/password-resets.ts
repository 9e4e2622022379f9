import "server-only";
import { z } from "zod";
import { db } from "./db";
import { AccessError, type Viewer } from "./access";
import { requireCourseInstructor } from "./instructor-access";
import { isSiteAdminId, requireAdministrator } from "./site-admins";
import { hashToken, newOneTimeToken, tokenSchema } from "./one-time-tokens";
import { hashPassword } from "./passwords";
import { emailSchema, passwordSchema } from "./users";
import { parseLocale, type Locale } from "@/lib/i18n/locales";
import { userText } from "@/lib/i18n/user-text";

// Password reset links (decision 121), for a deployment with no mail server as much as for one
// with: an instructor issues one for a student of a course they teach, a site administrator for
// any account but another administrator's, or /forgot-password mails one when SMTP is set. The
// link is shown once (only its hash is stored), works once and for an hour; using it ends every
// session of the account. A new link for an account replaces its open ones.

export const RESET_LINK_MINUTES = 60;

export interface IssuedReset {
  /** The link's path (/reset-password/<token>): shown once, never stored. */
  path: string;
  expiresAt: Date;
  email: string;
}

async function issueFor(userId: string, email: string, createdById: string | null): Promise<IssuedReset> {
  const { token, hash } = newOneTimeToken();
  const expiresAt = new Date(Date.now() + RESET_LINK_MINUTES * 60_000);
  await db().$transaction([
    db().passwordReset.deleteMany({ where: { userId, usedAt: null } }),
    db().passwordReset.create({ data: { tokenHash: hash, userId, createdById, expiresAt } }),
  ]);
  return { path: `/reset-password/${token}`, expiresAt, email };
}

export const studentResetSchema = z.object({ courseId: z.string().min(1).max(64), userId: z.string().min(1).max(64) });

/**
 * A course's staff issue a reset link for a student enrolled in it. Never for an instructor (a
 * co-teacher could otherwise take over the owner's account) or a site administrator.
 */
export async function issueStudentResetLink(viewer: Viewer | null, input: z.output<typeof studentResetSchema>): Promise<IssuedReset> {
  const { viewer: staff, course } = await requireCourseInstructor(viewer, input.courseId);
  const enrolled = await db().enrollment.findUnique({
    where: { userId_courseId: { userId: input.userId, courseId: course.id } },
    select: { user: { select: { id: true, email: true, role: true } } },
  });
  if (!enrolled || enrolled.user.role !== "student" || (await isSiteAdminId(enrolled.user.id))) throw new AccessError(403, userText("passwordReset.errors.notYourStudent"));
  return issueFor(enrolled.user.id, enrolled.user.email, staff.id);
}

export const adminResetSchema = z.object({ email: emailSchema });

export type AdminResetResult = { ok: true; reset: IssuedReset } | { ok: false; message: string };

/** A site administrator issues a reset link for an account by email (not their own, not another administrator's). */
export async function issueResetLinkAsAdmin(viewer: Viewer | null, input: z.output<typeof adminResetSchema>): Promise<AdminResetResult> {
  const admin = await requireAdministrator(viewer);
  const user = await db().user.findUnique({ where: { email: input.email }, select: { id: true, email: true } });
  if (!user) return { ok: false, message: userText("passwordReset.errors.noAccount") };
  if (user.id === admin.id) return { ok: false, message: userText("passwordReset.errors.ownAccount") };
  if (await isSiteAdminId(user.id)) return { ok: false, message: userText("passwordReset.errors.otherAdmin") };
  return { ok: true, reset: await issueFor(user.id, user.email, admin.id) };
}

/**
 * A link for the account with `email`, to be mailed (/forgot-password), or null when there is no
 * such account. The caller answers the same either way.
 */
export async function issueMailedResetLink(email: string): Promise<(IssuedReset & { locale: Locale | null }) | null> {
  const parsed = emailSchema.safeParse(email);
  if (!parsed.success) return null;
  const user = await db().user.findUnique({ where: { email: parsed.data }, select: { id: true, email: true, locale: true } });
  // The mail is written in the account's language when it chose one.
  return user ? { ...(await issueFor(user.id, user.email, null)), locale: parseLocale(user.locale) } : null;
}

export type ResetLinkView = { status: "open"; email: string; expiresAt: Date } | { status: "used" | "expired" | "unknown" };

type ResetRow = { expiresAt: Date; usedAt: Date | null };
const resetStatus = (row: ResetRow | null): "open" | "used" | "expired" | "unknown" =>
  !row ? "unknown" : row.usedAt ? "used" : row.expiresAt <= new Date() ? "expired" : "open";

/** What the link's page shows: the account it resets, or why it no longer works. */
export async function describeResetLink(rawToken: string): Promise<ResetLinkView> {
  const token = tokenSchema.safeParse(rawToken);
  if (!token.success) return { status: "unknown" };
  const row = await db().passwordReset.findUnique({ where: { tokenHash: hashToken(token.data) }, select: { expiresAt: true, usedAt: true, user: { select: { email: true } } } });
  const status = resetStatus(row);
  return status === "open" && row ? { status, email: row.user.email, expiresAt: row.expiresAt } : { status: status === "open" ? "unknown" : status };
}

export const redeemResetSchema = z.object({ token: z.string().max(200), password: passwordSchema });

export type RedeemResetResult = { ok: true; email: string } | { ok: false; reason: "used" | "expired" | "unknown"; message: string };

/**
 * Sets the account's new password through the link: spends the link (a conditional update, so two
 * uses racing cannot both win), ends every session of the account, and drops its other open links.
 */
export async function redeemResetLink(input: z.output<typeof redeemResetSchema>): Promise<RedeemResetResult> {
  const refused = (reason: "used" | "expired" | "unknown"): RedeemResetResult => ({ ok: false, reason, message: userText(`passwordReset.refused.${reason}`) });
  const token = tokenSchema.safeParse(input.token);
  if (!token.success) return refused("unknown");
  const tokenHash = hashToken(token.data);
  const row = await db().passwordReset.findUnique({ where: { tokenHash }, select: { id: true, userId: true, expiresAt: true, usedAt: true } });
  const status = resetStatus(row);
  if (!row || status !== "open") return refused(status === "open" ? "unknown" : status);
  // Hashed before the transaction: bcrypt takes ~50 ms and must not hold a write lock.
  const passwordHash = await hashPassword(input.password);
  return db().$transaction(async (tx) => {
    const spent = await tx.passwordReset.updateMany({ where: { id: row.id, usedAt: null, expiresAt: { gt: new Date() } }, data: { usedAt: new Date() } });
    if (spent.count !== 1) return refused("used");
    const user = await tx.user.update({ where: { id: row.userId }, data: { passwordHash, sessionVersion: { increment: 1 } }, select: { email: true } });
    await tx.passwordReset.deleteMany({ where: { userId: row.userId, usedAt: null } });
    return { ok: true, email: user.email };
  });
}
