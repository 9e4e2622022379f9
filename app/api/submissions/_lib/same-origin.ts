// Defence in depth for JSON endpoints that change state. Session cookies are SameSite=Lax (not
// sent on cross-site POSTs) and JSON bodies need a CORS preflight; on top of that, a request whose
// Origin names another site is refused outright, as Next does for server actions.
export function refuseCrossSite(req: Request): Response | null {
  const origin = req.headers.get("origin");
  if (origin === null) return null; // same-origin fetches from old browsers and non-browser clients
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = "";
  }
  if (host !== null && originHost === host) return null;
  return Response.json({ error: "Cross-site request refused." }, { status: 403 });
}
