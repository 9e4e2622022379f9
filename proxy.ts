import { withAuth } from "next-auth/middleware";

// First line of defence only: anonymous visitors of signed-in pages are sent to sign in before any
// rendering. Every page and route handler still checks the session and role itself (the proxy can
// only redirect; 403 for the wrong role is decided in lib/auth/session.ts).
export default withAuth({ pages: { signIn: "/signin" } });

export const config = {
  // API routes are left out on purpose: they answer 401/403 JSON instead of redirecting.
  matcher: ["/instructor/:path*", "/courses/:path*"],
};
