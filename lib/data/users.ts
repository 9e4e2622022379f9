import "server-only";
import { z } from "zod";
import { isUniqueViolation } from "./unique-violation";
import { db, readOne } from "./db";
import { assertUser, roleSchema, type Role, type Viewer } from "./access";
import { hashPassword, MAX_PASSWORD_BYTES, passwordBytes, verifyPassword } from "./passwords";
import { hasNoNul } from "./sql";
import { parseLocale, type Locale } from "@/lib/i18n/locales";
import { userText } from "@/lib/i18n/user-text";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email(userText("errors.emailInvalid")).max(254, userText("errors.emailTooLong")));

export const passwordSchema = z
  .string()
  .min(8, userText("errors.passwordTooShort", { min: 8 }))
  // bcrypt ignores every byte after the 72nd: a longer password is refused, not silently cut.
  .refine(
    (p) => passwordBytes(p) <= MAX_PASSWORD_BYTES,
    userText("errors.passwordTooLong", { max: MAX_PASSWORD_BYTES }),
  );

export const signUpSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: z
    .string()
    .trim()
    .max(100, userText("errors.nameTooLong", { max: 100 }))
    .refine(hasNoNul, userText("errors.noNul"))
    .optional()
    .transform((v) => (v === "" ? undefined : v)),
});
export type SignUpInput = z.input<typeof signUpSchema>;

export interface UserDto {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  createdAt: Date;
}

export type CreateUserResult = { ok: true; user: UserDto } | { ok: false; reason: "email-taken" };

/** Creates an account. Input must already be validated with `signUpSchema`. */
export async function createUser(
  input: z.output<typeof signUpSchema>,
  role: Role = "student",
  /** The language the account was created in (the sign-up page's); null: follow the browser. */
  locale: Locale | null = null,
): Promise<CreateUserResult> {
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await db().user.create({
      data: { email: input.email, name: input.name ?? null, passwordHash, role, locale },
      select: { id: true, email: true, name: true, role: true, createdAt: true },
    });
    return { ok: true, user };
  } catch (e) {
    // Checked by the unique index rather than a prior lookup, so two racing sign-ups cannot both win.
    if (isUniqueViolation(e)) return { ok: false, reason: "email-taken" };
    throw e;
  }
}

/**
 * The viewer for a correct email + password, with the account's session version (it goes into the
 * session token), otherwise null: never says which part was wrong, and an unknown email costs one
 * bcrypt like a wrong password. Rejects with PasswordHashingBusy when the server hashes all it may.
 */
export async function verifyCredentials(email: string, password: string): Promise<(Viewer & { sessionVersion: number }) | null> {
  const parsedEmail = emailSchema.safeParse(email);
  const user = parsedEmail.success
    ? await db().user.findUnique({
        where: { email: parsedEmail.data },
        select: { id: true, email: true, name: true, role: true, passwordHash: true, sessionVersion: true },
      })
    : null;
  const matches = await verifyPassword(password, user?.passwordHash ?? null);
  if (!user || !matches) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion };
}

/** Current role and email from the database (scripts and tests; sessions use findSessionViewer). */
export async function findViewerById(id: string): Promise<Viewer | null> {
  const user = await readOne<{ id: string; email: string; name: string | null; role: string }>('SELECT "id", "email", "name", "role" FROM "User" WHERE "id" = ?', id);
  return user ? viewerOf(user) : null;
}

function viewerOf(user: { id: string; email: string; name: string | null; role: string; locale?: string | null }): Viewer | null {
  const role = roleSchema.safeParse(user.role);
  if (!role.success) return null;
  const viewer: Viewer = { id: user.id, email: user.email, name: user.name, role: role.data };
  // Sessions carry the account's language so every page knows it without another query.
  if (user.locale !== undefined) viewer.locale = parseLocale(user.locale);
  return viewer;
}

/** What a session token says about its session (lib/auth/options.ts puts it there at sign-in). */
export interface SessionClaims {
  userId: string;
  /** Random per sign-in; "Sign out" revokes it (lib/data/sessions.ts). */
  sessionId: string;
  /** The account's sessionVersion at sign-in. */
  sessionVersion: number;
}

/**
 * The viewer of a session, or null when the account is gone, its sessions were ended since this
 * one began (sessionVersion raised: sign out everywhere, new password, new role) or this session
 * was signed out. Role and email come from the database, not the token. Every request reads this
 * (lib/auth/session.ts): one plain prepared statement, not Prisma (decision 044).
 */
export async function findSessionViewer(claims: SessionClaims): Promise<Viewer | null> {
  const user = await readOne<{ id: string; email: string; name: string | null; role: string; locale: string | null; sessionVersion: number; revoked: number }>(
    `SELECT "id", "email", "name", "role", "locale", "sessionVersion", EXISTS (SELECT 1 FROM "RevokedSession" WHERE "id" = ?) AS "revoked" FROM "User" WHERE "id" = ?`,
    claims.sessionId,
    claims.userId,
  );
  const current = user !== undefined && user.revoked === 0 && user.sessionVersion === claims.sessionVersion;
  return current ? viewerOf(user) : null;
}

export const changePasswordSchema = z.object({
  current: z.string().max(1000),
  next: passwordSchema,
});

export type ChangePasswordResult = { ok: true } | { ok: false; field: "current" | "next"; message: string };

/**
 * The viewer's new password, after proving the current one. Ends every session of the account,
 * this one included (sessionVersion), so a session someone else holds does not outlive the change.
 */
export async function changeOwnPassword(viewer: Viewer | null, input: z.output<typeof changePasswordSchema>): Promise<ChangePasswordResult> {
  const user = assertUser(viewer);
  const row = await db().user.findUnique({ where: { id: user.id }, select: { passwordHash: true } });
  if (!row || !(await verifyPassword(input.current, row.passwordHash))) return { ok: false, field: "current", message: userText("errors.wrongCurrentPassword") };
  if (input.next === input.current) return { ok: false, field: "next", message: userText("errors.samePassword") };
  await db().user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(input.next), sessionVersion: { increment: 1 } } });
  return { ok: true };
}

// For the operator's command line (scripts/user.ts): no viewer, the operator may do anything.

/** A new password for the account with `email`; ends its sessions. False when there is no such account. */
export async function setPasswordByEmail(email: string, password: string): Promise<boolean> {
  const passwordHash = await hashPassword(passwordSchema.parse(password));
  const updated = await db().user.updateMany({ where: { email: emailSchema.parse(email) }, data: { passwordHash, sessionVersion: { increment: 1 } } });
  return updated.count === 1;
}

/** A new role for the account with `email`; ends its sessions. False when there is no such account. */
export async function setRoleByEmail(email: string, role: Role): Promise<boolean> {
  const updated = await db().user.updateMany({ where: { email: emailSchema.parse(email) }, data: { role, sessionVersion: { increment: 1 } } });
  return updated.count === 1;
}

/** The viewer's interface language, remembered for every later session (the header's switch). */
export async function setOwnLocale(viewer: Viewer | null, locale: Locale): Promise<void> {
  const user = assertUser(viewer);
  await db().user.update({ where: { id: user.id }, data: { locale } });
}
