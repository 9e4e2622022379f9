import type { NextApiRequest, NextApiResponse } from "next";
import { userText } from "@/lib/i18n/user-text";
import { requireApiUser } from "@/lib/auth/session";
import { submitCode } from "@/lib/submissions";
import { CROSS_ORIGIN_REFUSAL, hasContentType, isCrossOrigin, originHeadersOf, readNodeBody } from "@/lib/http/request-guard";
import { answerIn, handleApiRequest, refuseMethod, sendJson, single } from "@/lib/http/api-response";
import { MAX_BODY_BYTES, parseSubmissionBody, tooLarge, WAIT_REFUSAL, waitQuerySchema } from "@/lib/http/submission-request";
import { localeOfNodeRequest } from "@/lib/i18n/translate";

// POST /api/submissions[?wait=ms]: the same submission path as the item page's "Submit"/"Run"
// action (lib/submissions submitCode), as JSON for scripts, load tests and other clients. Without
// `wait` it answers 202 as soon as the row is stored; grading continues (in this process or a
// grader worker) and GET /api/submissions/:id returns the result. With `wait` the answer is held
// until the grade exists (at most `wait` ms): 200 with the result, or 202 with the pending status
// to poll, so a client needs one request.
// A Pages Router API route, not an App Router handler: it costs the server about half the CPU
// per request, and every submission comes through here (decision 047).

export const config = { api: { bodyParser: false } };

export default function handler(req: NextApiRequest, res: NextApiResponse): Promise<void> {
  return handleApiRequest(res, async () => {
    if (req.method !== "POST") return refuseMethod(res, "POST");
    if (isCrossOrigin(originHeadersOf(req.headers))) return sendJson(res, 403, { error: CROSS_ORIGIN_REFUSAL });
    // JSON only: a cross-site page cannot send this content type without a CORS preflight, which
    // this server never approves.
    if (!hasContentType(req.headers["content-type"], "application/json")) {
      return sendJson(res, 415, { error: userText("errors.sendSubmissionJson") });
    }
    const user = await requireApiUser(req.cookies);
    const viewer = { ...user, locale: localeOfNodeRequest(req, user.locale) };
    answerIn(res, viewer.locale);
    const query = waitQuerySchema.safeParse({ wait: single(req.query.wait) });
    if (!query.success) return sendJson(res, 400, { error: WAIT_REFUSAL });
    const declared = Number(req.headers["content-length"] ?? "0");
    if (declared > MAX_BODY_BYTES) {
      const refusal = tooLarge(declared);
      return sendJson(res, refusal.status, { error: refusal.error }, { connection: "close" });
    }
    const body = await readNodeBody(req, MAX_BODY_BYTES);
    if (!body.ok) {
      const refusal = tooLarge(body.tooLarge);
      return sendJson(res, refusal.status, { error: refusal.error }, { connection: "close" });
    }
    const parsed = parseSubmissionBody(body.bytes);
    if (!parsed.ok) return sendJson(res, parsed.status, { error: parsed.error });

    const submitted = await submitCode(viewer, parsed.input, query.data.wait ?? 0);
    if (!submitted.ok) {
      if (submitted.reason === "rate-limited") return sendJson(res, 429, { error: submitted.message }, { "retry-after": String(submitted.retryAfterSeconds) });
      return sendJson(res, 409, { error: submitted.message });
    }
    const poll = `/api/submissions/${submitted.submissionId}`;
    const dto = submitted.status;
    const finished = dto?.status === "graded" || dto?.status === "error";
    sendJson(res, finished ? 200 : 202, { ...(dto ?? { id: submitted.submissionId, status: submitted.storedStatus }), poll });
  });
}
