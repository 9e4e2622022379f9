import "server-only";
import { randomBytes } from "node:crypto";
import { encode } from "next-auth/jwt";
import { SESSION_COOKIE_NAMES } from "@/lib/auth/session-cookie";

// A launch signs the person in without a password: it writes the same session token next-auth
// writes at a password sign-in (lib/auth/options.ts: id, role, a fresh session id `sid`, the
// account's sessionVersion `sv`), so every session rule applies unchanged (sign out, sign out
// everywhere, role changes: decision 063). Only the cookie differs: SameSite=None; Secure, so the
// session also works inside the LMS's iframe (a third-party context, where a Lax cookie is not
// sent), and shorter-lived, since each launch renews it (decision 093).

export const LTI_SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

export interface LaunchSession {
  userId: string;
  email: string;
  name: string | null;
  role: "student" | "instructor";
  sessionVersion: number;
}

export interface SessionCookie {
  name: string;
  value: string;
  maxAgeSeconds: number;
}

/** The session cookie a launch sets; `secure`: the request came over HTTPS (the __Secure- name). */
export async function launchSessionCookie(session: LaunchSession, secure: boolean): Promise<SessionCookie> {
  const secret = process.env.NEXTAUTH_SECRET;
  if (!secret) throw new Error("NEXTAUTH_SECRET is not set");
  const value = await encode({
    secret,
    maxAge: LTI_SESSION_MAX_AGE_SECONDS,
    token: {
      sub: session.userId,
      id: session.userId,
      email: session.email,
      name: session.name,
      role: session.role,
      sid: randomBytes(16).toString("base64url"),
      sv: session.sessionVersion,
    },
  });
  return { name: secure ? SESSION_COOKIE_NAMES[0] : SESSION_COOKIE_NAMES[1], value, maxAgeSeconds: LTI_SESSION_MAX_AGE_SECONDS };
}

/**
 * A Set-Cookie header value for the launch flow's cookies: HttpOnly, Secure, SameSite=None, and
 * Partitioned (CHIPS): set inside the LMS's frame they are kept for that LMS's site only, which
 * browsers that block third-party cookies (Chrome's setting, Firefox) still allow; in a window of
 * Chainrule's own they behave as ordinary cookies.
 */
export function crossSiteCookie(name: string, value: string, maxAgeSeconds: number): string {
  return `${name}=${value}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; Secure; SameSite=None; Partitioned`;
}
