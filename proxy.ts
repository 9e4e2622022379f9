import { NextResponse, type NextRequest } from "next/server";
import { isSessionCookie, SESSION_COOKIE_NAMES } from "@/lib/auth/session-cookie";
import { registeredFrameOrigins } from "@/lib/lti/frame-origins";
import { contentSecurityPolicy, newNonce } from "@/lib/security-headers";

// Runs before every page (not API routes or static files, see `config`):
// 1. A per-response nonce for the Content-Security-Policy: Next reads it from the request's CSP
//    header and puts it on the inline scripts it writes, so the policy needs no 'unsafe-inline'
//    for scripts (decision 066). Every page is rendered per request anyway (the layout reads
//    the session), which nonces require.
//    Its frame-ancestors lets the registered LMS platforms show the page in their iframe.
// 2. Anonymous visitors of signed-in areas are sent to sign in before any rendering. First line of
//    defence only: every page and route handler still checks the session and role itself, and a
//    present but invalid cookie is caught there (lib/auth/session.ts).

const SIGNED_IN_AREAS = ["/instructor", "/courses"];

function needsSignIn(request: NextRequest): boolean {
  const path = request.nextUrl.pathname;
  if (!SIGNED_IN_AREAS.some((area) => path === area || path.startsWith(`${area}/`))) return false;
  return !request.cookies.getAll().some((c) => SESSION_COOKIE_NAMES.some((name) => isSessionCookie(c.name, name)));
}

export function proxy(request: NextRequest): NextResponse {
  if (needsSignIn(request)) {
    const signIn = new URL("/signin", request.url);
    signIn.searchParams.set("callbackUrl", `${request.nextUrl.pathname}${request.nextUrl.search}`);
    return NextResponse.redirect(signIn);
  }
  // Registered LMS platforms may frame pages (decision 094): the list the server keeps current.
  const policy = contentSecurityPolicy({ dev: process.env.NODE_ENV === "development", nonce: newNonce(), frameAncestors: registeredFrameOrigins() });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  // Pages only: API routes answer JSON (next.config.js gives them the nonce-less policy), and
  // static files need no nonce.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"],
};
