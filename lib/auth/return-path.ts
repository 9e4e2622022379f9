/**
 * Where to go after signing in: only same-site paths, so `?callbackUrl=https://evil.example` or
 * `//evil.example` cannot turn the sign-in page into an open redirect. The proxy (next-auth's
 * withAuth) passes an absolute URL on our own origin, which is accepted and made relative.
 */
export function safeReturnPath(
  raw: string | null | undefined,
  origin: string | undefined = typeof window === "undefined" ? undefined : window.location.origin,
): string {
  if (!raw) return "/";
  let value = raw;
  if (origin && (value === origin || value.startsWith(`${origin}/`))) value = value.slice(origin.length) || "/";
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  return value;
}
