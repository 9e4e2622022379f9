import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { forbidden, redirect } from "next/navigation";
import { z } from "zod";
import { assertInstructor, assertUser, isAccessError, type Viewer } from "@/lib/data/access";
import { findViewerById } from "@/lib/data/users";
import { authOptions, SIGN_IN_PATH } from "./options";

const sessionSchema = z.object({ user: z.object({ id: z.string().min(1) }) });

/**
 * The signed-in user, or null. The JWT only says who; role and email come from the database, so a
 * deleted account or a changed role takes effect on the next request. Cached per request.
 */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  const parsed = sessionSchema.safeParse(await getServerSession(authOptions));
  if (!parsed.success) return null;
  return findViewerById(parsed.data.user.id);
});

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

/** Runs a route handler body, turning AccessError into a JSON 401/403 response. */
export async function handleApi(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (e) {
    if (isAccessError(e)) return Response.json({ error: e.message }, { status: e.status });
    throw e;
  }
}
