import type { NextApiRequest, NextApiResponse } from "next";
import { requireApiUser } from "@/lib/auth/session";
import { isAccessError } from "@/lib/data/access";
import { localeOfNodeRequest, translatorFor, userTextIn } from "@/lib/i18n/translate";
import { userText } from "@/lib/i18n/user-text";
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
  let locale = localeOfNodeRequest(req);
  if (req.method !== "POST") {
    res.setHeader("allow", "POST");
    return sendPage(res, refusalPage(locale, "method", userText("ltiLaunch.deepLinkMethod"), 405, framers));
  }
  if (isCrossOrigin(originHeadersOf(req.headers))) return sendPage(res, refusalPage(locale, "origin", CROSS_ORIGIN_REFUSAL, 403, framers));
  if (!hasContentType(req.headers["content-type"], "application/x-www-form-urlencoded")) return sendPage(res, refusalPage(locale, "content type", userText("ltiLaunch.deepLinkContentType"), 415, framers));
  const body = (req.body && typeof req.body === "object" ? req.body : {}) as Record<string, string | string[] | undefined>;
  const items = body.item === undefined ? [] : [body.item].flat();
  const assignments = body.assignment === undefined ? [] : [body.assignment].flat();
  try {
    // Item titles (the LMS's column names) and the page in the instructor's language.
    const viewer = await requireApiUser(req.cookies).then((user) => ({ ...user, locale: localeOfNodeRequest(req, user.locale) }));
    locale = viewer.locale;
    const response = await buildDeepLinkResponse(viewer, { t: body.t, item: items, assignment: assignments, course: body.course === "on" });
    if (!response.ok) {
      res.redirect(303, `/lti/deep-link?t=${encodeURIComponent(String(body.t ?? ""))}&error=${encodeURIComponent(userTextIn(locale, response.message))}`);
      return;
    }
    console.info(`[lti] deep linking: ${response.count} content item(s) returned to ${new URL(response.returnUrl).origin}`);
    sendPage(res, autoPostPage(locale, translatorFor(locale, "ltiLaunch.page")("returningToLms"), response.returnUrl, { JWT: response.jwt }, framers));
  } catch (e) {
    if (!isAccessError(e)) throw e;
    sendPage(res, refusalPage(locale, "session", e.message, e.status, framers));
  }
}
