import type { NextApiRequest, NextApiResponse } from "next";
import { requireApiUser } from "@/lib/auth/session";
import { startCodeSubmission } from "@/lib/data/submissions";
import { gradeSubmission, waitForOwnSubmission } from "@/lib/data/submission-queue";
import { rateLimits } from "@/lib/auth/rate-limits";
import { grader } from "@/lib/grading/server-grader";
import { CROSS_ORIGIN_REFUSAL, hasContentType, isCrossOrigin, originHeadersOf, readNodeBody } from "@/lib/http/request-guard";
import { handleApiRequest, refuseMethod, sendJson, single } from "@/app/courses/_server/api-response";
import { MAX_BODY_BYTES, parseSubmissionBody, tooLarge, WAIT_REFUSAL, waitQuerySchema } from "@/app/courses/_server/submission-request";

// POST /api/submissions[?wait=ms]: the same submission path as the item page's "Submit"/"Run"
// action, as JSON for scripts, load tests and other clients. Without `wait` it answers 202 as soon
// as the row is stored (running); grading continues in this process and GET /api/submissions/:id
// returns the result. With `wait` the answer is held until the grade exists (at most `wait` ms):
// 200 with the result, or 202 with the pending status to poll, so a client needs one request.
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
      return sendJson(res, 415, { error: "Send the submission as JSON (Content-Type: application/json)." });
    }
    const viewer = await requireApiUser(req.cookies);
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

    const limit = await rateLimits().grade(viewer.id);
    if (!limit.allowed) {
      return sendJson(res, 429, { error: `Too many submissions in a minute; try again in ${limit.retryAfterSeconds} s.` }, { "retry-after": String(limit.retryAfterSeconds) });
    }
    const started = await startCodeSubmission(viewer, parsed.input);
    if (!started.ok) return sendJson(res, 409, { error: started.message });
    // Not awaited: the row is stored, so the request can answer now. A crash from here on leaves
    // the row running, and the next start grades it (instrumentation.ts).
    // What was just stored travels with the job, so grading does not read the row back.
    const stored = { userId: viewer.id, exerciseId: parsed.input.exerciseId, code: parsed.input.code, seed: started.seed, mode: started.mode, pkg: started.pkg };
    void gradeSubmission(started.submissionId, grader(), stored);
    const poll = `/api/submissions/${started.submissionId}`;
    if (query.data.wait === undefined) return sendJson(res, 202, { id: started.submissionId, status: "running", poll });
    const dto = await waitForOwnSubmission(viewer, started.submissionId, query.data.wait);
    const finished = dto?.status === "graded" || dto?.status === "error";
    sendJson(res, finished ? 200 : 202, { ...(dto ?? { id: started.submissionId, status: "running" }), poll });
  });
}
