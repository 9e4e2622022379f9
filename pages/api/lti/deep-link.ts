import type { NextApiRequest, NextApiResponse } from "next";
import { requireApiUser } from "@/lib/auth/session";
import { localeOfNodeRequest } from "@/lib/i18n/translate";
import { isAccessError } from "@/lib/data/access";
import { CROSS_ORIGIN_REFUSAL, hasContentType, isCrossOrigin, originHeadersOf } from "@/lib/http/request-guard";
import { buildDeepLinkResponse } from "@/lib/lti/deep-linking";
import { currentFrameOrigins } from "@/lib/lti/frame-origins-refresh";
import { autoPostPage, refusalPage, sendPage } from "@/lib/lti/html";

// POST /api/lti/deep-link (the item picker's form, /lti/deep-link): signs the deep-linking response
// and answers with the page that posts it to the LMS's return URL. The page needs its own policy
// (form-action to the LMS), which is why this is a route and not a server action.

export const config = { api: { bodyParser: { sizeLimit: "32kb" } } };

export default async function handler(req: NextApiRequest, res: NextApiResponse): Promise<void> {
  res.setHeader("cache-control", "no-store");
  const framers = await currentFrameOrigins();
  if (req.method !== "POST") {
    res.setHeader("allow", "POST");
    return sendPage(res, refusalPage("method", "Use the item picker.", 405, framers));
  }
  if (isCrossOrigin(originHeadersOf(req.headers))) return sendPage(res, refusalPage("origin", CROSS_ORIGIN_REFUSAL, 403, framers));
  if (!hasContentType(req.headers["content-type"], "application/x-www-form-urlencoded")) return sendPage(res, refusalPage("content type", "Send the picker's form.", 415, framers));
  const body = (req.body && typeof req.body === "object" ? req.body : {}) as Record<string, string | string[] | undefined>;
  const items = body.item === undefined ? [] : [body.item].flat();
  const assignments = body.assignment === undefined ? [] : [body.assignment].flat();
  try {
    // Item titles (the LMS's column names) in the instructor's language.
    const viewer = await requireApiUser(req.cookies).then((user) => ({ ...user, locale: localeOfNodeRequest(req, user.locale) }));
    const response = await buildDeepLinkResponse(viewer, { t: body.t, item: items, assignment: assignments, course: body.course === "on" });
    if (!response.ok) {
      res.redirect(303, `/lti/deep-link?t=${encodeURIComponent(String(body.t ?? ""))}&error=${encodeURIComponent(response.message)}`);
      return;
    }
    console.info(`[lti] deep linking: ${response.count} content item(s) returned to ${new URL(response.returnUrl).origin}`);
    sendPage(res, autoPostPage("Returning to the LMS", response.returnUrl, { JWT: response.jwt }, framers));
  } catch (e) {
    if (!isAccessError(e)) throw e;
    sendPage(res, refusalPage("session", e.message, e.status, framers));
  }
}
