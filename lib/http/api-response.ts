import "server-only";
import type { NextApiResponse } from "next";
import { isAccessError } from "@/lib/data/access";

// Answers of the pages/api JSON endpoints (decision 047). API answers are a few KB of JSON for a
// program on a fast link: gzip would cost the server more CPU than it saves on the wire, and
// `no-transform` makes Next's compression skip them. Never cached: they are per-student.

export function sendJson(res: NextApiResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.setHeader("cache-control", "no-store, no-transform");
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.status(status).json(body);
}

/** 405 with the Allow header, as the App Router answers a method a route does not export. */
export function refuseMethod(res: NextApiResponse, allowed: string): void {
  sendJson(res, 405, { error: `Use ${allowed}.` }, { allow: allowed });
}

/** Runs a handler; the data layer's 401/403 (AccessError) become JSON answers with that status. */
export async function handleApiRequest(res: NextApiResponse, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (e) {
    if (!isAccessError(e)) throw e;
    sendJson(res, e.status, { error: e.message });
  }
}

/** First value of a header or query parameter (Node gives arrays for repeated ones). */
export function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
