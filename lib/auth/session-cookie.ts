// The names next-auth gives the session cookie: `__Secure-` when the sign-in came over HTTPS
// (lib/auth/options.ts, useSecureCookies), the plain one otherwise; a large token is split into
// `<name>.0`, `<name>.1`... Read by the session check, the proxy and "Sign out everywhere".
// No "server-only": proxy.ts imports it.
export const SESSION_COOKIE_NAMES = ["__Secure-next-auth.session-token", "next-auth.session-token"] as const;

/** Whether `cookieName` is (a chunk of) the session cookie named `name`. */
export function isSessionCookie(cookieName: string, name: (typeof SESSION_COOKIE_NAMES)[number]): boolean {
  return cookieName === name || cookieName.startsWith(`${name}.`);
}
