import "server-only";
import { z } from "zod";
import { db } from "./db";
import { assertUser, type Viewer } from "./access";
import { requireCourseOwner } from "./instructor-access";
import { requireAdministrator } from "./site-admins";
import { hashToken, newOneTimeToken, tokenSchema } from "./one-time-tokens";
import { hasNoNul } from "./sql";
import { userText } from "@/lib/i18n/user-text";

// Invitation links (decision 120). A course's owner invites co-instructors; a site administrator
// makes instructors. The link is shown once to its maker (only its hash is stored), works once,
// until it expires or is revoked, for an account that exists (after sign-in) or a new one (after
// sign-up). Accepting one makes the account an instructor: course staff must be instructors
// (decision 064), as an LMS staff launch does (decision 092).

/** How long an invitation link works. A week: it is often sent by email or chat and read later. */
export const INVITATION_DAYS = 7;

export type InvitationKind = "instructor" | "co-teacher";

export const invitationNoteSchema = z
  .string()
  .trim()
  .max(200, userText("invites.errors.noteTooLong", { max: 200 }))
  .refine(hasNoNul, userText("errors.noNul"))
  .default("");

export const coTeacherInvitationSchema = z.object({ courseId: z.string().min(1).max(64), note: invitationNoteSchema });
export const instructorInvitationSchema = z.object({ note: invitationNoteSchema });

export interface CreatedInvitation {
  id: string;
  /** The link's path (/invite/<token>): shown once, never stored. */
  path: string;
  expiresAt: Date;
}

async function createInvitation(kind: InvitationKind, createdById: string, courseId: string | null, note: string): Promise<CreatedInvitation> {
  const { token, hash } = newOneTimeToken();
  const expiresAt = new Date(Date.now() + INVITATION_DAYS * 86_400_000);
  const row = await db().invitation.create({ data: { tokenHash: hash, kind, courseId, createdById, note, expiresAt }, select: { id: true } });
  return { id: row.id, path: `/invite/${token}`, expiresAt };
}

/** The owner invites a co-instructor to the course. */
export async function createCoTeacherInvitation(viewer: Viewer | null, input: z.output<typeof coTeacherInvitationSchema>): Promise<CreatedInvitation> {
  const { viewer: owner, course } = await requireCourseOwner(viewer, input.courseId);
  return createInvitation("co-teacher", owner.id, course.id, input.note);
}

/** A site administrator invites someone to become an instructor. */
export async function createInstructorInvitation(viewer: Viewer | null, input: z.output<typeof instructorInvitationSchema>): Promise<CreatedInvitation> {
  const admin = await requireAdministrator(viewer);
  return createInvitation("instructor", admin.id, null, input.note);
}

export type InvitationStatus = "open" | "used" | "expired" | "revoked";

export interface InvitationRow {
  id: string;
  note: string;
  createdAt: Date;
  expiresAt: Date;
  status: InvitationStatus;
  usedBy: string | null;
  usedAt: Date | null;
  createdBy: string | null;
}

function statusOf(row: { usedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now = new Date()): InvitationStatus {
  if (row.usedAt) return "used";
  if (row.revokedAt) return "revoked";
  return row.expiresAt <= now ? "expired" : "open";
}

const rowSelect = {
  id: true,
  note: true,
  createdAt: true,
  expiresAt: true,
  usedAt: true,
  revokedAt: true,
  usedBy: { select: { email: true } },
  createdBy: { select: { email: true } },
} as const;

type SelectedRow = { id: string; note: string; createdAt: Date; expiresAt: Date; usedAt: Date | null; revokedAt: Date | null; usedBy: { email: string } | null; createdBy: { email: string } | null };

const toRow = (r: SelectedRow): InvitationRow => ({
  id: r.id,
  note: r.note,
  createdAt: r.createdAt,
  expiresAt: r.expiresAt,
  status: statusOf(r),
  usedBy: r.usedBy?.email ?? null,
  usedAt: r.usedAt,
  createdBy: r.createdBy?.email ?? null,
});

/** Recent invitations (the last 30 days) for the list beside the form: open ones can be revoked. */
const RECENT = () => ({ createdAt: { gt: new Date(Date.now() - 30 * 86_400_000) } });

/** The course's co-instructor invitations, for its owner. */
export async function listCoTeacherInvitations(viewer: Viewer | null, courseId: string): Promise<InvitationRow[]> {
  const { course } = await requireCourseOwner(viewer, courseId);
  const rows = await db().invitation.findMany({ where: { kind: "co-teacher", courseId: course.id, ...RECENT() }, orderBy: { createdAt: "desc" }, select: rowSelect });
  return rows.map(toRow);
}

/** Invitations to become an instructor, for site administrators. */
export async function listInstructorInvitations(viewer: Viewer | null): Promise<InvitationRow[]> {
  await requireAdministrator(viewer);
  const rows = await db().invitation.findMany({ where: { kind: "instructor", ...RECENT() }, orderBy: { createdAt: "desc" }, select: rowSelect });
  return rows.map(toRow);
}

/**
 * Revokes an open invitation: a co-instructor one by the course's owner, an instructor one by a
 * site administrator. Unknown ids and foreign invitations answer 403 alike.
 */
export async function revokeInvitation(viewer: Viewer | null, invitationId: string): Promise<void> {
  const invitation = await db().invitation.findUnique({ where: { id: invitationId }, select: { id: true, kind: true, courseId: true } });
  if (invitation?.kind === "co-teacher" && invitation.courseId) await requireCourseOwner(viewer, invitation.courseId);
  else await requireAdministrator(viewer);
  if (!invitation) return;
  await db().invitation.updateMany({ where: { id: invitation.id, usedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
}

export type InvitationView =
  | { status: "open"; kind: InvitationKind; courseTitle: string | null; invitedBy: string | null; expiresAt: Date }
  | { status: "used" | "expired" | "revoked" | "unknown" };

/** What the link's page shows: whoever holds the token may read what it invites to. */
export async function describeInvitation(rawToken: string): Promise<InvitationView> {
  const token = tokenSchema.safeParse(rawToken);
  if (!token.success) return { status: "unknown" };
  const row = await db().invitation.findUnique({
    where: { tokenHash: hashToken(token.data) },
    select: { kind: true, expiresAt: true, usedAt: true, revokedAt: true, course: { select: { title: true } }, createdBy: { select: { name: true, email: true } } },
  });
  if (!row) return { status: "unknown" };
  const status = statusOf(row);
  if (status !== "open") return { status };
  return {
    status,
    kind: row.kind === "co-teacher" ? "co-teacher" : "instructor",
    courseTitle: row.course?.title ?? null,
    invitedBy: row.createdBy ? (row.createdBy.name ?? row.createdBy.email) : null,
    expiresAt: row.expiresAt,
  };
}

export type AcceptResult =
  | { ok: true; kind: InvitationKind; courseId: string | null; message: string }
  | { ok: false; reason: "used" | "expired" | "revoked" | "unknown" | "owner"; message: string };

const refusal = (reason: Exclude<AcceptResult, { ok: true }>["reason"]): AcceptResult => ({ ok: false, reason, message: userText(`invites.refused.${reason}`) });

/**
 * The signed-in viewer accepts the invitation. Spending it and its effect are one transaction,
 * and the spending is a conditional update, so two accounts racing for one link cannot both win.
 * The account's sessions go on (unlike a role change by the operator): it is the account's own
 * step, taken in this session, and a promotion takes nothing away from a session.
 */
export async function acceptInvitation(viewer: Viewer | null, rawToken: string): Promise<AcceptResult> {
  const user = assertUser(viewer);
  const token = tokenSchema.safeParse(rawToken);
  if (!token.success) return refusal("unknown");
  const tokenHash = hashToken(token.data);
  return db().$transaction(async (tx) => {
    const row = await tx.invitation.findUnique({ where: { tokenHash }, select: { id: true, kind: true, courseId: true, expiresAt: true, usedAt: true, revokedAt: true, course: { select: { title: true, ownerId: true } } } });
    if (!row) return refusal("unknown");
    const status = statusOf(row);
    if (status !== "open") return refusal(status);
    // Owning the course already: nothing to accept, and the link stays usable for the person meant.
    if (row.kind === "co-teacher" && row.course?.ownerId === user.id) return refusal("owner");
    const spent = await tx.invitation.updateMany({ where: { id: row.id, usedAt: null, revokedAt: null, expiresAt: { gt: new Date() } }, data: { usedAt: new Date(), usedById: user.id } });
    if (spent.count !== 1) return refusal("used");
    await tx.user.update({ where: { id: user.id }, data: { role: "instructor" } });
    if (row.kind === "co-teacher" && row.courseId) {
      await tx.courseInstructor.upsert({ where: { courseId_userId: { courseId: row.courseId, userId: user.id } }, create: { courseId: row.courseId, userId: user.id }, update: {} });
      return { ok: true, kind: "co-teacher", courseId: row.courseId, message: userText("invites.accepted.coTeacher", { course: row.course?.title ?? "" }) };
    }
    return { ok: true, kind: "instructor", courseId: null, message: userText("invites.accepted.instructor") };
  });
}
