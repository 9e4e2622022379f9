// Response headers for every route. The policy allows the app's own origin and nothing external:
// no CDN, no third-party script, frame or connection. See docs/decisions/041-security-headers.md
// and 066 (nonces).

export interface HeaderEntry {
  key: string;
  value: string;
}

/**
 * Content-Security-Policy. Scripts run only from this origin's files, plus, on pages, the inline
 * scripts Next writes into the HTML (hydration data, the RSC payload) carrying this response's
 * nonce: an injected <script> or event-handler attribute does not run. `nonce` is set by proxy.ts
 * for every page; responses without one (API, static files) get `script-src 'self'` only.
 * Why each relaxation:
 * - 'unsafe-eval' only in development (React's dev tooling); never in production.
 * - worker-src 'self' blob:: Monaco's editor and TypeScript workers are bundled files of this
 *   origin; the bundler may bootstrap them from a blob: URL.
 * - style-src 'unsafe-inline': Monaco and KaTeX set inline styles. (A nonce in style-src would
 *   make browsers ignore 'unsafe-inline', and style attributes cannot carry one.)
 * - font-src data:: Monaco's codicon font ships as a data: URL.
 * - frame-ancestors: 'none', or on pages the origins of the registered LMS platforms (proxy.ts),
 *   which show Chainrule in an iframe after an LTI launch; browsers then ignore X-Frame-Options.
 */
export function contentSecurityPolicy({ dev = false, nonce, frameAncestors = [] }: { dev?: boolean; nonce?: string; frameAncestors?: readonly string[] } = {}): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", ...(nonce ? [`'nonce-${nonce}'`] : []), ...(dev ? ["'unsafe-eval'"] : [])],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "worker-src": ["'self'", "blob:"],
    "connect-src": ["'self'", ...(dev ? ["ws:"] : [])],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    // Only registered LMS platforms may frame pages (LTI launches, decision 094); nobody else may.
    "frame-ancestors": frameAncestors.length > 0 ? [...frameAncestors] : ["'none'"],
    "frame-src": ["'none'"],
    "manifest-src": ["'self'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join("; ");
}

/** A fresh nonce for one response: 128 random bits, base64 (CSP's nonce-source syntax). */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** For next.config.js: every response. Pages get their nonce policy from proxy.ts on top. */
export function securityHeaders(dev = process.env.NODE_ENV === "development"): HeaderEntry[] {
  return [
    { key: "Content-Security-Policy", value: contentSecurityPolicy({ dev }) },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Referrer-Policy", value: "same-origin" },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
    { key: "Cross-Origin-Resource-Policy", value: "same-origin" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()" },
    // HSTS only means something over HTTPS; browsers ignore it on plain HTTP (local demos).
    { key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" },
  ];
}
