import type { IncomingMessage } from "node:http";
import { userText } from "@/lib/i18n/user-text";

// The checks every state-changing route handler makes before it reads a body (decision 065):
// the request comes from a page of this site, in the content type the route reads, and its body
// is read only up to a cap. Next's server actions get the same from Next (origin check,
// serverActions.bodySizeLimit in next.config.js).

/** The request headers the cross-origin check reads, as a Pages (Node) or App (web) route has them. */
export interface OriginHeaders {
  secFetchSite: string | undefined;
  origin: string | undefined;
  host: string | undefined;
}

export function originHeadersOf(headers: Pick<Headers, "get"> | IncomingMessage["headers"]): OriginHeaders {
  const get = (name: string): string | undefined => {
    if ("get" in headers && typeof headers.get === "function") return headers.get(name) ?? undefined;
    const value = (headers as IncomingMessage["headers"])[name];
    return Array.isArray(value) ? value[0] : value;
  };
  return { secFetchSite: get("sec-fetch-site"), origin: get("origin"), host: get("host") };
}

/**
 * Whether a browser sent this request from another site (the rule of Go's CrossOriginProtection).
 * Browsers send Sec-Fetch-Site on every request: only "same-origin" (or "none", typed by the user)
 * passes. Older browsers send Origin on every POST: it must name this site, either the Host the
 * request was sent to or the canonical NEXTAUTH_URL (a proxy may rewrite Host). A request with
 * neither header is not from a browser, and so carries no browser's cookies on someone's behalf.
 */
export function isCrossOrigin(headers: OriginHeaders, siteOrigin: string | undefined = process.env.NEXTAUTH_URL): boolean {
  if (headers.secFetchSite !== undefined) return headers.secFetchSite !== "same-origin" && headers.secFetchSite !== "none";
  if (headers.origin === undefined) return false;
  let origin: URL;
  try {
    origin = new URL(headers.origin);
  } catch {
    return true; // "null" (sandboxed frames, some redirects) or garbage
  }
  if (siteOrigin !== undefined && URL.canParse(siteOrigin) && origin.origin === new URL(siteOrigin).origin) return false;
  return origin.host !== headers.host;
}

/** A userText reference: the adapters answer it in the reader's language. */
export const CROSS_ORIGIN_REFUSAL = userText("errors.crossOrigin");

/** Whether the Content-Type header names `type` (parameters such as charset allowed). */
export function hasContentType(header: string | null | undefined, type: string): boolean {
  return (header ?? "").split(";")[0]?.trim().toLowerCase() === type;
}

export type CappedBody = { ok: true; bytes: Uint8Array } | { ok: false; tooLarge: number };

/** A Node request's body, or how far it got past `max` bytes (the rest is not buffered). */
export function readNodeBody(req: IncomingMessage, max: number): Promise<CappedBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > max) {
        done = true;
        resolve({ ok: false, tooLarge: size });
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!done) resolve({ ok: true, bytes: new Uint8Array(Buffer.concat(chunks)) });
    });
    req.on("error", (e) => {
      if (!done) reject(e);
    });
  });
}

/** A web Request's body (App Router), or how far it got past `max` bytes; stops reading there. */
export async function readWebBody(request: Request, max: number): Promise<CappedBody> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > max) return { ok: false, tooLarge: declared };
  if (!request.body) return { ok: true, bytes: new Uint8Array() };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return { ok: false, tooLarge: size };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return { ok: true, bytes };
}
