import { z } from "zod";
import { localeSchema } from "@/lib/i18n/locales";
import { userText } from "@/lib/i18n/user-text";

// Authorization primitives of the data layer. They take the viewer explicitly (no next-auth import)
// so DAL functions, scripts and tests can call them; lib/auth/session.ts supplies the viewer from
// the session.

export const roleSchema = z.enum(["student", "instructor"]);
export type Role = z.infer<typeof roleSchema>;

/** Who is asking: what the session JWT carries, validated. */
export const viewerSchema = z.object({
  id: z.string().min(1),
  email: z.string().min(1),
  name: z.string().nullable(),
  role: roleSchema,
  /** The account's chosen language (issue 18); absent where the caller did not read it, null when never chosen. */
  locale: localeSchema.nullable().optional(),
  /** The browser's IANA time zone from the `tz` cookie (decision 127), validated; absent or null when unknown. */
  timeZone: z.string().nullable().optional(),
});
export type Viewer = z.infer<typeof viewerSchema>;

/** An expected authorization failure; route handlers turn it into 401/403, pages into a redirect or 403 page. */
export class AccessError extends Error {
  constructor(
    readonly status: 401 | 403,
    // A userText reference: the adapter answers in the reader's language.
    message: string = userText(status === 401 ? "errors.signInRequired" : "errors.forbidden"),
  ) {
    super(message);
    this.name = "AccessError";
  }
}

export function isAccessError(e: unknown): e is AccessError {
  return e instanceof AccessError;
}

/** The signed-in viewer, or a 401 AccessError. */
export function assertUser(viewer: Viewer | null | undefined): Viewer {
  if (!viewer) throw new AccessError(401);
  return viewer;
}

/** An instructor viewer: 401 when anonymous, 403 for a student. */
export function assertInstructor(viewer: Viewer | null | undefined): Viewer {
  const user = assertUser(viewer);
  if (user.role !== "instructor") throw new AccessError(403, userText("errors.instructorsOnly"));
  return user;
}
