// Response headers for every route (applied in next.config.js `headers()`). The policy allows the
// app's own origin and nothing external: no CDN, no third-party script, frame or connection.
// See docs/decisions/041-security-headers.md.

export interface HeaderEntry {
  key: string;
  value: string;
}

/**
 * Content-Security-Policy. Why each relaxation:
 * - script-src 'unsafe-inline': Next's App Router streams inline <script> chunks for hydration;
 *   nonces would need a proxy that renders every page dynamically. Injected markup is still
 *   confined to this origin (connect-src, form-action, frame-ancestors, base-uri below).
 * - 'unsafe-eval' only in development (React's dev tooling); never in production.
 * - worker-src 'self' blob:: Monaco's editor and TypeScript workers are bundled files of this
 *   origin; the bundler may bootstrap them from a blob: URL.
 * - style-src 'unsafe-inline': Monaco and KaTeX set inline styles.
 * - font-src data:: Monaco's codicon font ships as a data: URL.
 */
export function contentSecurityPolicy(dev: boolean): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'", ...(dev ? ["'unsafe-eval'"] : [])],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "worker-src": ["'self'", "blob:"],
    "connect-src": ["'self'", ...(dev ? ["ws:"] : [])],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "frame-src": ["'none'"],
    "manifest-src": ["'self'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join("; ");
}

export function securityHeaders(dev = process.env.NODE_ENV === "development"): HeaderEntry[] {
  return [
    { key: "Content-Security-Policy", value: contentSecurityPolicy(dev) },
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
