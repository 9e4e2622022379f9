// Control characters (C0, DEL) and backslashes have no place in a return path. Browsers drop TAB and
// newlines from URLs and read "\" as "/", so "/<TAB>/evil.example" or "/\evil.example" would
// leave the site; such input is refused outright rather than cleaned.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const SUSPICIOUS = /[\u0000-\u001f\u007f\\]/;

/**
 * Where to go after signing in: a path of this site, never another origin, so
 * `?callbackUrl=https://evil.example`, `//evil.example` or `/<TAB>/evil.example` cannot turn the
 * sign-in page into an open redirect. The value is resolved against the site's origin with the
 * WHATWG URL parser (the browser's own) and must stay on that origin; absolute URLs of our own
 * origin (next-auth passes them) come back as paths.
 */
export function safeReturnPath(
  raw: string | null | undefined,
  origin: string | undefined = typeof window === "undefined" ? undefined : window.location.origin,
): string {
  if (!raw || !origin || SUSPICIOUS.test(raw)) return "/";
  let site: URL;
  let target: URL;
  try {
    site = new URL(origin);
    target = new URL(raw, site);
  } catch {
    return "/";
  }
  if (target.origin !== site.origin) return "/";
  // "https://site//evil.example" is on our origin, but its path alone would be protocol-relative.
  const path = target.pathname.replace(/^\/+/, "/");
  return `${path}${target.search}${target.hash}`;
}
