import "server-only";
import { cache } from "react";
import { decode } from "next-auth/jwt";
import { cookies } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { z } from "zod";
import { assertInstructor, assertUser, isAccessError, type Viewer } from "@/lib/data/access";
import { env } from "@/lib/env.server";
import { findSessionViewer } from "@/lib/data/users";
import { getRequestLocale } from "@/lib/i18n/server";
import { parseTimeZone, TIME_ZONE_COOKIE } from "@/lib/i18n/time-zone";
import { userTextIn } from "@/lib/i18n/translate";
import { SIGN_IN_PATH } from "./options";
import { isSessionCookie, SESSION_COOKIE_NAMES } from "./session-cookie";

// What the jwt callback (lib/auth/options.ts) puts into every session token. A token without the
// session id and version (issued before they existed) is no session.
const claimsSchema = z.object({
  id: z.string().min(1),
  email: z.string().min(1),
  role: z.string().min(1),
  sid: z.string().min(1),
  sv: z.number().int(),
  exp: z.number().optional(),
});
type Claims = z.infer<typeof claimsSchema>;

/** next-auth's own leeway when it checks `exp` (jwtDecrypt clockTolerance). */
const CLOCK_TOLERANCE_MS = 15_000;
const DECODED_CACHE_MAX = 5_000;
// Session token string -> its verified claims. A token is authenticated encryption: the same string
// always decrypts to the same claims, so only the (costly: HKDF + AES-GCM) decryption is cached;
// expiry is re-checked on every use, and the user row is still read on every request below.
const holder = globalThis as typeof globalThis & { chainruleDecodedTokens?: Map<string, Claims> };
const decodedTokens = (holder.chainruleDecodedTokens ??= new Map<string, Claims>());

type CookieList = { name: string; value: string }[];

/**
 * The session cookie's value, joining the `.0`, `.1`... chunks next-auth writes for large tokens.
 * Which name a request carries depends on how its sign-in came in, which only the sign-in route
 * can tell (App Router code cannot see the socket, decision 060), so both are read, the __Secure-
 * one first: browsers only store and send it over HTTPS.
 */
function sessionToken(cookieList: CookieList): string | null {
  for (const name of SESSION_COOKIE_NAMES) {
    const parts = cookieList.filter((c) => isSessionCookie(c.name, name));
    if (parts.length === 0) continue;
    const index = (n: string) => Number(n.split(".").pop() ?? 0) || 0;
    return parts.sort((a, b) => index(a.name) - index(b.name)).map((c) => c.value).join("") || null;
  }
  return null;
}

/**
 * The claims of the request's session JWT, or null (no cookie, forged, expired, or without the
 * claims the session callback needs). Same checks as next-auth's getServerSession for the JWT
 * strategy, without running its whole session route (which also re-encrypts a refreshed token
 * that a route handler then throws away): about 2 HKDF derivations and 2 AES-GCM operations per
 * request saved, plus next-auth's option/cookie handling.
 */
async function sessionClaims(cookieList: CookieList): Promise<Claims | null> {
  const token = sessionToken(cookieList);
  if (token === null) return null;
  let claims = decodedTokens.get(token);
  if (claims === undefined) {
    let payload: unknown;
    try {
      payload = await decode({ token, secret: env.NEXTAUTH_SECRET });
    } catch {
      return null; // forged, tampered or expired
    }
    const parsed = claimsSchema.safeParse(payload);
    if (!parsed.success) return null;
    claims = parsed.data;
    if (decodedTokens.size >= DECODED_CACHE_MAX) decodedTokens.delete(decodedTokens.keys().next().value ?? "");
    decodedTokens.set(token, claims);
  }
  if (claims.exp !== undefined && claims.exp * 1000 + CLOCK_TOLERANCE_MS < Date.now()) {
    decodedTokens.delete(token);
    return null;
  }
  return claims;
}

/**
 * The signed-in user, or null. The JWT only says who and which session; role and email come from
 * the database, and a deleted account, a signed-out session or one older than the account's last
 * "sign out everywhere", password or role change is refused on its next request. Cached per request.
 */
export const getViewer = cache(async (): Promise<Viewer | null> => viewerFromCookies((await cookies()).getAll()));

/**
 * getViewer without the per-request cache: for a server action that changes the viewer's row (its
 * language) and must leave the page it re-renders to read the new one.
 */
export async function getViewerUncached(): Promise<Viewer | null> {
  return viewerFromCookies((await cookies()).getAll());
}

async function viewerFromCookies(cookieList: CookieList): Promise<Viewer | null> {
  const claims = await sessionClaims(cookieList);
  if (!claims) return null;
  const viewer = await findSessionViewer({ userId: claims.id, sessionId: claims.sid, sessionVersion: claims.sv });
  // The browser's zone travels with the viewer, so the data layer writes times on the reader's clock.
  return viewer && { ...viewer, timeZone: parseTimeZone(cookieList.find((c) => c.name === TIME_ZONE_COOKIE)?.value) };
}

/**
 * requireUser for pages/api handlers (decision 047), which have no next/headers: the same session
 * checks on the request's parsed cookies. 401 AccessError when not signed in.
 */
export async function requireApiUser(requestCookies: Partial<Record<string, string>>): Promise<Viewer> {
  const cookieList = Object.entries(requestCookies).flatMap(([name, value]) => (value === undefined ? [] : [{ name, value }]));
  return assertUser(await viewerFromCookies(cookieList));
}

/** For route handlers and server actions: the viewer or an AccessError(401). */
export async function requireUser(): Promise<Viewer> {
  return assertUser(await getViewer());
}

/** For route handlers and server actions: an instructor, or AccessError 401/403. */
export async function requireInstructor(): Promise<Viewer> {
  return assertInstructor(await getViewer());
}

function signInUrl(returnTo: string): string {
  return `${SIGN_IN_PATH}?callbackUrl=${encodeURIComponent(returnTo)}`;
}

/** For pages: the viewer, or a redirect to sign-in that comes back to `returnTo`. */
export async function requirePageUser(returnTo: string): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect(signInUrl(returnTo));
  return viewer;
}

/** For pages: an instructor; anonymous users are sent to sign in, students get the 403 page. */
export async function requirePageInstructor(returnTo: string): Promise<Viewer> {
  const viewer = await requirePageUser(returnTo);
  if (viewer.role !== "instructor") forbidden();
  return viewer;
}

/**
 * For pages: awaits a DAL call and shows the 403 page when it refuses (another instructor's
 * course id in the URL), instead of letting the AccessError become a 500.
 */
export async function forbiddenOnAccessError<T>(data: Promise<T>): Promise<T> {
  try {
    return await data;
  } catch (e) {
    if (isAccessError(e)) forbidden();
    throw e;
  }
}

/** Runs a route handler body, turning AccessError into a JSON 401/403 response in the reader's language. */
export async function handleApi(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (e) {
    if (isAccessError(e)) return Response.json({ error: userTextIn(await getRequestLocale(), e.message) }, { status: e.status });
    throw e;
  }
}
