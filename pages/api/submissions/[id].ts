import type { NextApiRequest, NextApiResponse } from "next";
import { userText } from "@/lib/i18n/user-text";
import { z } from "zod";
import { requireApiUser } from "@/lib/auth/session";
import { localeOfNodeRequest } from "@/lib/i18n/translate";
import { waitForOwnSubmission } from "@/lib/submissions";
import { answerIn, handleApiRequest, refuseMethod, sendJson, single } from "@/lib/http/api-response";
import { WAIT_REFUSAL, waitQuerySchema } from "@/lib/http/submission-request";

// GET /api/submissions/:id[?wait=ms]: one of the caller's own submissions. With `wait`, a pending
// submission is held open until it is graded (at most 25 s), so clients need not poll in a loop.
// Another student's id answers 404 exactly like an id that does not exist. (Pages Router: see
// pages/api/submissions/index.ts.)

const idSchema = z.string().min(1).max(64);

export default function handler(req: NextApiRequest, res: NextApiResponse): Promise<void> {
  return handleApiRequest(res, async () => {
    if (req.method !== "GET" && req.method !== "HEAD") return refuseMethod(res, "GET");
    const user = await requireApiUser(req.cookies);
    // Results are read in the caller's language (feedback texts are stored in every language).
    const viewer = { ...user, locale: localeOfNodeRequest(req, user.locale) };
    answerIn(res, viewer.locale);
    const id = idSchema.safeParse(single(req.query.id));
    const query = waitQuerySchema.safeParse({ wait: single(req.query.wait) });
    if (!id.success) return sendJson(res, 404, { error: userText("errors.noSuchSubmission") });
    if (!query.success) return sendJson(res, 400, { error: WAIT_REFUSAL });
    const dto = await waitForOwnSubmission(viewer, id.data, query.data.wait ?? 0);
    if (!dto) return sendJson(res, 404, { error: userText("errors.noSuchSubmission") });
    sendJson(res, 200, dto);
  });
}
