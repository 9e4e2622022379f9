import "server-only";
import type { IncomingMessage } from "node:http";
import type { NextApiResponse } from "next";
import { isAccessError } from "@/lib/data/access";
import { isDatabaseUnavailable } from "@/lib/data/db";
import { DEFAULT_LOCALE, type Locale } from "@/lib/i18n/locales";
import { localeOfNodeRequest, userTextIn } from "@/lib/i18n/translate";
import { userText } from "@/lib/i18n/user-text";

// Answers of the pages/api JSON endpoints (decision 047). API answers are a few KB of JSON for a
// program on a fast link: gzip would cost the server more CPU than it saves on the wire, and
// `no-transform` makes Next's compression skip them. Never cached: they are per-student.

// The signed-in reader's own language, once a handler knows who asks (answerIn).
const readerLocales = new WeakMap<NextApiResponse, Locale>();

/** Answers on `res` in the signed-in user's chosen language (their row), when they chose one. */
export function answerIn(res: NextApiResponse, userLocale: Locale | null | undefined): void {
  if (userLocale) readerLocales.set(res, userLocale);
}

/**
 * The body's `error` in the reader's language (issue 18): lib/ writes userText references, read
 * here in the user's language (answerIn), else the request's `locale` cookie or Accept-Language.
 * A response without its request (a test's stand-in) answers in English.
 */
function translatedBody(res: NextApiResponse, body: unknown): unknown {
  if (typeof body !== "object" || body === null || !("error" in body) || typeof body.error !== "string") return body;
  // Next's API request object is the response's `req`, with its parsed cookies.
  const req = (res as { req?: IncomingMessage & { cookies?: Partial<Record<string, string>> } }).req;
  const locale = readerLocales.get(res) ?? (req ? localeOfNodeRequest({ headers: req.headers, cookies: req.cookies ?? {} }) : DEFAULT_LOCALE);
  return { ...body, error: userTextIn(locale, body.error) };
}

export function sendJson(res: NextApiResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.setHeader("cache-control", "no-store, no-transform");
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.status(status).json(translatedBody(res, body));
}

/** 405 with the Allow header, as the App Router answers a method a route does not export. */
export function refuseMethod(res: NextApiResponse, allowed: string): void {
  sendJson(res, 405, { error: userText("errors.useMethod", { method: allowed }) }, { allow: allowed });
}

/** A userText reference: sendJson answers it in the reader's language. */
export const DATABASE_UNAVAILABLE = userText("errors.databaseUnavailable");

/**
 * Runs a handler; the data layer's 401/403 (AccessError) become JSON answers with that status, and
 * a PostgreSQL server that cannot be reached a 503 to retry (the outage is logged once by the
 * data layer, not as a stack trace per request).
 */
export async function handleApiRequest(res: NextApiResponse, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (e) {
    if (isDatabaseUnavailable(e)) return sendJson(res, 503, { error: DATABASE_UNAVAILABLE }, { "retry-after": "2" });
    if (!isAccessError(e)) throw e;
    sendJson(res, e.status, { error: e.message });
  }
}

/** First value of a header or query parameter (Node gives arrays for repeated ones). */
export function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
