import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AccessError, type Viewer } from "@/lib/data/access";
import { db } from "@/lib/data/db";
import { isCourseStaff } from "@/lib/data/instructor-access";
import {
  acceptInvitation,
  createCoTeacherInvitation,
  createInstructorInvitation,
  describeInvitation,
  listCoTeacherInvitations,
  listInstructorInvitations,
  revokeInvitation,
} from "@/lib/data/invitations";
import { describeResetLink, issueMailedResetLink, issueResetLinkAsAdmin, issueStudentResetLink, redeemResetLink } from "@/lib/data/password-resets";
import { hashToken } from "@/lib/data/one-time-tokens";
import { hashPassword } from "@/lib/data/passwords";
import { verifyCredentials } from "@/lib/data/users";
import { ownNameSchema, setOwnName } from "@/lib/data/profile";
import { userText } from "@/lib/i18n/user-text";

// Invitation links and password reset links in the data layer (decisions 120, 121), on a real
// database (SQLite here, PostgreSQL in the postgres project).

const PASSWORD = "old-password-1";
let hashed: Promise<string> | undefined;

async function account(role: "student" | "instructor", tag: string): Promise<Viewer> {
  hashed ??= hashPassword(PASSWORD);
  const email = `${tag}-${randomUUID().slice(0, 8)}@example.com`;
  const user = await db().user.create({ data: { email, name: tag, role, passwordHash: await hashed }, select: { id: true, email: true, name: true, role: true } });
  return { ...user, role };
}

async function courseOf(owner: Viewer): Promise<string> {
  const slug = `c-${randomUUID().slice(0, 8)}`;
  return (await db().course.create({ data: { slug, title: `Course ${slug}`, joinCode: slug.toUpperCase(), ownerId: owner.id }, select: { id: true } })).id;
}

const tokenOf = (path: string): string => path.split("/").pop() ?? "";

async function admin(): Promise<Viewer> {
  const a = await account("instructor", "admin");
  await db().siteAdmin.create({ data: { userId: a.id } });
  return a;
}

/** The viewer as the session would now read it (role from the database). */
async function reread(v: Viewer): Promise<Viewer> {
  const row = await db().user.findUniqueOrThrow({ where: { id: v.id }, select: { role: true } });
  return { ...v, role: row.role };
}

describe("co-instructor invitations", () => {
  it("the owner makes a link that is stored only as a hash; a student account that accepts becomes an instructor and co-teaches", async () => {
    const owner = await account("instructor", "owner");
    const courseId = await courseOf(owner);
    const invited = await createCoTeacherInvitation(owner, { courseId, note: "Grace" });
    const token = tokenOf(invited.path);
    expect(invited.path).toMatch(/^\/invite\/[A-Za-z0-9_-]{32}$/);
    const row = await db().invitation.findUniqueOrThrow({ where: { id: invited.id } });
    expect(row.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.expiresAt.getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);

    const view = await describeInvitation(token);
    expect(view).toMatchObject({ status: "open", kind: "co-teacher", invitedBy: "owner" });
    expect(view.status === "open" ? view.courseTitle : null).toMatch(/^Course c-/);
    const grace = await account("student", "grace");
    expect(await isCourseStaff(await reread(grace), courseId)).toBe(false);
    const accepted = await acceptInvitation(grace, token);
    expect(accepted).toMatchObject({ ok: true, kind: "co-teacher", courseId });
    const after = await reread(grace);
    expect(after.role).toBe("instructor");
    expect(await isCourseStaff(after, courseId)).toBe(true);
    expect(await listCoTeacherInvitations(owner, courseId)).toEqual([expect.objectContaining({ note: "Grace", status: "used", usedBy: grace.email })]);

    // Single use: the next account is refused, and the link's page says so.
    const other = await account("student", "other");
    expect(await acceptInvitation(other, token)).toEqual({ ok: false, reason: "used", message: userText("invites.refused.used") });
    expect((await reread(other)).role).toBe("student");
    expect(await describeInvitation(token)).toEqual({ status: "used" });
  });

  it("only the owner invites: a co-teacher, another instructor and a student are refused", async () => {
    const owner = await account("instructor", "owner");
    const courseId = await courseOf(owner);
    const co = await account("instructor", "co");
    await db().courseInstructor.create({ data: { courseId, userId: co.id } });
    await expect(createCoTeacherInvitation(co, { courseId, note: "" })).rejects.toBeInstanceOf(AccessError);
    await expect(createCoTeacherInvitation(await account("instructor", "stranger"), { courseId, note: "" })).rejects.toMatchObject({ status: 403 });
    await expect(createCoTeacherInvitation(await account("student", "s"), { courseId, note: "" })).rejects.toMatchObject({ status: 403 });
    await expect(createCoTeacherInvitation(null, { courseId, note: "" })).rejects.toMatchObject({ status: 401 });
    await expect(listCoTeacherInvitations(co, courseId)).rejects.toMatchObject({ status: 403 });
  });

  it("refuses expired, revoked and unknown links with their own message, and the owner's own acceptance without spending the link", async () => {
    const owner = await account("instructor", "owner");
    const courseId = await courseOf(owner);
    const someone = await account("student", "someone");

    const expired = await createCoTeacherInvitation(owner, { courseId, note: "late" });
    await db().invitation.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await acceptInvitation(someone, tokenOf(expired.path))).toMatchObject({ ok: false, reason: "expired", message: userText("invites.refused.expired") });

    const revoked = await createCoTeacherInvitation(owner, { courseId, note: "withdrawn" });
    await expect(revokeInvitation(await account("instructor", "x"), revoked.id)).rejects.toMatchObject({ status: 403 });
    await revokeInvitation(owner, revoked.id);
    expect(await describeInvitation(tokenOf(revoked.path))).toEqual({ status: "revoked" });
    expect(await acceptInvitation(someone, tokenOf(revoked.path))).toMatchObject({ ok: false, reason: "revoked" });

    expect(await acceptInvitation(someone, "A".repeat(32))).toMatchObject({ ok: false, reason: "unknown" });
    expect(await acceptInvitation(someone, "not a token")).toMatchObject({ ok: false, reason: "unknown" });
    expect(await describeInvitation("../../etc/passwd")).toEqual({ status: "unknown" });

    const own = await createCoTeacherInvitation(owner, { courseId, note: "" });
    expect(await acceptInvitation(owner, tokenOf(own.path))).toMatchObject({ ok: false, reason: "owner" });
    expect(await describeInvitation(tokenOf(own.path))).toMatchObject({ status: "open" });
    expect((await reread(someone)).role).toBe("student");
  });

  it("two accounts racing for one link: exactly one wins", async () => {
    const owner = await account("instructor", "owner");
    const courseId = await courseOf(owner);
    const { path } = await createCoTeacherInvitation(owner, { courseId, note: "" });
    const racers = await Promise.all([1, 2, 3, 4].map((i) => account("student", `racer${i}`)));
    const results = await Promise.all(racers.map((r) => acceptInvitation(r, tokenOf(path))));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await db().courseInstructor.count({ where: { courseId } })).toBe(1);
    expect(await db().user.count({ where: { id: { in: racers.map((r) => r.id) }, role: "instructor" } })).toBe(1);
  });
});

describe("instructor invitations", () => {
  it("only a site administrator makes them; whoever accepts becomes an instructor", async () => {
    const plain = await account("instructor", "plain");
    await expect(createInstructorInvitation(plain, { note: "" })).rejects.toEqual(new AccessError(403, userText("invites.errors.adminsOnly")));
    await expect(listInstructorInvitations(plain)).rejects.toMatchObject({ status: 403 });
    const boss = await admin();
    const { path, id } = await createInstructorInvitation(boss, { note: "New colleague" });
    expect(await describeInvitation(tokenOf(path))).toMatchObject({ status: "open", kind: "instructor", courseTitle: null });
    const newcomer = await account("student", "newcomer");
    expect(await acceptInvitation(newcomer, tokenOf(path))).toMatchObject({ ok: true, kind: "instructor", courseId: null });
    expect((await reread(newcomer)).role).toBe("instructor");
    expect((await listInstructorInvitations(boss)).find((r) => r.id === id)).toMatchObject({ status: "used", usedBy: newcomer.email });
    // An instructor invitation is revoked by administrators only.
    const second = await createInstructorInvitation(boss, { note: "" });
    await expect(revokeInvitation(plain, second.id)).rejects.toMatchObject({ status: 403 });
  });
});

describe("password reset links", () => {
  async function classroom() {
    const owner = await account("instructor", "teacher");
    const courseId = await courseOf(owner);
    const student = await account("student", "student");
    await db().enrollment.create({ data: { userId: student.id, courseId } });
    return { owner, courseId, student };
  }

  it("course staff issue one for an enrolled student; using it sets the password, ends every session and works once", async () => {
    const { owner, courseId, student } = await classroom();
    const co = await account("instructor", "co");
    await db().courseInstructor.create({ data: { courseId, userId: co.id } });
    const issued = await issueStudentResetLink(co, { courseId, userId: student.id });
    expect(issued.email).toBe(student.email);
    expect(issued.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(60 * 60_000);
    const token = tokenOf(issued.path);
    const row = await db().passwordReset.findFirstOrThrow({ where: { userId: student.id } });
    expect(row.tokenHash).toBe(hashToken(token));
    expect(row.createdById).toBe(co.id);
    expect(await describeResetLink(token)).toMatchObject({ status: "open", email: student.email });

    const before = await db().user.findUniqueOrThrow({ where: { id: student.id }, select: { sessionVersion: true } });
    expect(await redeemResetLink({ token, password: "brand-new-password" })).toEqual({ ok: true, email: student.email });
    const after = await db().user.findUniqueOrThrow({ where: { id: student.id }, select: { sessionVersion: true } });
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect(await verifyCredentials(student.email, "brand-new-password")).toMatchObject({ id: student.id });
    expect(await verifyCredentials(student.email, PASSWORD)).toBeNull();

    expect(await redeemResetLink({ token, password: "another-password" })).toEqual({ ok: false, reason: "used", message: userText("passwordReset.refused.used") });
    expect(await describeResetLink(token)).toEqual({ status: "used" });
    expect(await verifyCredentials(student.email, "brand-new-password")).not.toBeNull();
    void owner;
  });

  it("refuses staff of other courses, instructors and administrators as targets, and students", async () => {
    const { owner, courseId, student } = await classroom();
    const stranger = await account("instructor", "stranger");
    await expect(issueStudentResetLink(stranger, { courseId, userId: student.id })).rejects.toMatchObject({ status: 403 });
    await expect(issueStudentResetLink(student, { courseId, userId: student.id })).rejects.toMatchObject({ status: 403 });
    const notEnrolled = await account("student", "elsewhere");
    await expect(issueStudentResetLink(owner, { courseId, userId: notEnrolled.id })).rejects.toEqual(new AccessError(403, userText("passwordReset.errors.notYourStudent")));
    // A co-teacher enrolled as well is not a student: a co-teacher could otherwise take over the owner's peers.
    const co = await account("instructor", "co");
    await db().enrollment.create({ data: { userId: co.id, courseId } });
    await expect(issueStudentResetLink(owner, { courseId, userId: co.id })).rejects.toMatchObject({ status: 403 });
    const adminStudent = await account("student", "adminstudent");
    await db().enrollment.create({ data: { userId: adminStudent.id, courseId } });
    await db().siteAdmin.create({ data: { userId: adminStudent.id } });
    await expect(issueStudentResetLink(owner, { courseId, userId: adminStudent.id })).rejects.toMatchObject({ status: 403 });
  });

  it("an expired link is refused; a new link replaces the open one; two uses racing: one wins", async () => {
    const { owner, courseId, student } = await classroom();
    const first = await issueStudentResetLink(owner, { courseId, userId: student.id });
    await db().passwordReset.updateMany({ where: { tokenHash: hashToken(tokenOf(first.path)) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await redeemResetLink({ token: tokenOf(first.path), password: "whatever-password" })).toMatchObject({ ok: false, reason: "expired", message: userText("passwordReset.refused.expired") });
    const second = await issueStudentResetLink(owner, { courseId, userId: student.id });
    const third = await issueStudentResetLink(owner, { courseId, userId: student.id });
    expect(await describeResetLink(tokenOf(second.path))).toEqual({ status: "unknown" });
    const results = await Promise.all(["racer-password-1", "racer-password-2", "racer-password-3"].map((password) => redeemResetLink({ token: tokenOf(third.path), password })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await db().passwordReset.count({ where: { userId: student.id, usedAt: null } })).toBe(0);
  });

  it("a site administrator issues one for any account but their own and another administrator's", async () => {
    const boss = await admin();
    const other = await admin();
    const teacher = await account("instructor", "teacher");
    await expect(issueResetLinkAsAdmin(teacher, { email: boss.email })).rejects.toMatchObject({ status: 403 });
    expect(await issueResetLinkAsAdmin(boss, { email: other.email })).toEqual({ ok: false, message: userText("passwordReset.errors.otherAdmin") });
    expect(await issueResetLinkAsAdmin(boss, { email: boss.email })).toEqual({ ok: false, message: userText("passwordReset.errors.ownAccount") });
    expect(await issueResetLinkAsAdmin(boss, { email: "nobody@example.com" })).toEqual({ ok: false, message: userText("passwordReset.errors.noAccount") });
    const issued = await issueResetLinkAsAdmin(boss, { email: teacher.email });
    expect(issued).toMatchObject({ ok: true, reset: { email: teacher.email } });
    if (issued.ok) expect(await redeemResetLink({ token: tokenOf(issued.reset.path), password: "teacher-new-password" })).toMatchObject({ ok: true });
  });

  it("a mailed link is issued for an existing email only (the caller answers the same either way)", async () => {
    const { student } = await classroom();
    expect(await issueMailedResetLink("nobody-here@example.com")).toBeNull();
    expect(await issueMailedResetLink("not an email")).toBeNull();
    const mailed = await issueMailedResetLink(student.email.toUpperCase());
    expect(mailed).toMatchObject({ email: student.email, locale: null });
    expect(await db().passwordReset.findFirstOrThrow({ where: { userId: student.id, usedAt: null }, select: { createdById: true } })).toEqual({ createdById: null });
  });
});

describe("the account page's name", () => {
  it("the signed-in user sets and clears their own name; anonymous is refused; NUL and over 100 characters are refused by the schema", async () => {
    const me = await account("student", "me");
    expect(await setOwnName(me, ownNameSchema.parse({ name: "  Ada L.  " }))).toEqual({ ok: true, message: userText("profile.saved") });
    expect((await db().user.findUniqueOrThrow({ where: { id: me.id } })).name).toBe("Ada L.");
    await setOwnName(me, ownNameSchema.parse({ name: "" }));
    expect((await db().user.findUniqueOrThrow({ where: { id: me.id } })).name).toBeNull();
    await expect(setOwnName(null, { name: "x" })).rejects.toMatchObject({ status: 401 });
    expect(ownNameSchema.safeParse({ name: "a\u0000b" }).success).toBe(false);
    expect(ownNameSchema.safeParse({ name: "x".repeat(101) }).success).toBe(false);
  });
});
