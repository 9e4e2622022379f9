// The origins that may frame Chainrule's pages (CSP frame-ancestors, decision 094): those of the
// registered LMS platforms. proxy.ts builds every page's policy and must not wait for the
// database, so the list lives on globalThis (one per server process, shared by Next's separately
// bundled proxy, route handlers and instrumentation) and is refreshed by the server
// (lib/lti/frame-origins-refresh.ts): every few seconds and right after a registration changes.
// No "server-only" and no database import here: proxy.ts imports it.

interface FrameOrigins {
  origins: readonly string[];
  loadedAt: number;
}

const holder = globalThis as typeof globalThis & { chainruleLtiFrameOrigins?: FrameOrigins };

/** The registered platforms' frame origins as last loaded (empty before the first load). */
export function registeredFrameOrigins(): readonly string[] {
  return holder.chainruleLtiFrameOrigins?.origins ?? [];
}

export function setRegisteredFrameOrigins(origins: readonly string[]): void {
  holder.chainruleLtiFrameOrigins = { origins: [...new Set(origins)].sort(), loadedAt: Date.now() };
}

/** A CSP source expression for an origin, or null when it is not a plain http(s) origin. */
export function cspOrigin(value: string): string | null {
  if (!URL.canParse(value)) return null;
  const url = new URL(value);
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  return url.origin;
}
