import "server-only";
import bcrypt from "bcryptjs";
import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";
import { db, readOne } from "./db";
import { roleSchema, type Role, type Viewer } from "./access";

// bcrypt cost 10 (~70 ms here): slow enough to hurt offline guessing, fast enough for sign-in.
const BCRYPT_ROUNDS = 10;
// Compared against when the email is unknown, so a wrong email costs as long as a wrong password
// and response timing does not reveal which accounts exist.
const DUMMY_HASH = bcrypt.hashSync("chainrule-timing-equaliser", BCRYPT_ROUNDS);

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter a valid email address").max(254, "Email is too long"));

export const passwordSchema = z
  .string()
  .min(8, "Password must be at least 8 characters")
  .max(200, "Password must be at most 200 characters");

export const signUpSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: z
    .string()
    .trim()
    .max(100, "Name must be at most 100 characters")
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

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_ROUNDS);
}

/** Creates an account. Input must already be validated with `signUpSchema`. */
export async function createUser(
  input: z.output<typeof signUpSchema>,
  role: Role = "student",
): Promise<CreateUserResult> {
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await db().user.create({
      data: { email: input.email, name: input.name ?? null, passwordHash, role },
      select: { id: true, email: true, name: true, role: true, createdAt: true },
    });
    return { ok: true, user };
  } catch (e) {
    // Checked by the unique index rather than a prior lookup, so two racing sign-ups cannot both win.
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") return { ok: false, reason: "email-taken" };
    throw e;
  }
}

/** The viewer for a correct email + password, otherwise null (never says which part was wrong). */
export async function verifyCredentials(email: string, password: string): Promise<Viewer | null> {
  const parsedEmail = emailSchema.safeParse(email);
  const user = parsedEmail.success
    ? await db().user.findUnique({
        where: { email: parsedEmail.data },
        select: { id: true, email: true, name: true, role: true, passwordHash: true },
      })
    : null;
  const matches = await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !matches) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** Current role and email from the database (the JWT may be older than a role change). */
export async function findViewerById(id: string): Promise<Viewer | null> {
  // Every request reads this (lib/auth/session.ts): a plain prepared statement, not Prisma.
  const user = readOne<{ id: string; email: string; name: string | null; role: string }>('SELECT "id", "email", "name", "role" FROM "User" WHERE "id" = ?', id);
  const role = roleSchema.safeParse(user?.role);
  return Promise.resolve(user && role.success ? { id: user.id, email: user.email, name: user.name, role: role.data } : null);
}
