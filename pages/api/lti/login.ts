import type { NextApiRequest, NextApiResponse } from "next";
import { hasContentType } from "@/lib/http/request-guard";
import { englishText, localeOfNodeRequest } from "@/lib/i18n/translate";
import { userText } from "@/lib/i18n/user-text";
import { currentFrameOrigins } from "@/lib/lti/frame-origins-refresh";
import { refusalPage, sendPage } from "@/lib/lti/html";
import { initiateLogin, type RawParams } from "@/lib/lti/login";
import { isLaunchRefusal } from "@/lib/lti/refusal";
import { crossSiteCookie } from "@/lib/lti/session";

// GET|POST /api/lti/login: OpenID Connect login initiation from an LMS (lib/lti/login.ts). A
// cross-site request by design, so no same-origin check (decision 094, an exception to 065):
// it writes nothing, and what it starts is only completed by a launch signed by the platform.

export const config = { api: { bodyParser: { sizeLimit: "16kb" } } };

export default async function handler(req: NextApiRequest, res: NextApiResponse): Promise<void> {
  res.setHeader("cache-control", "no-store");
  // Before any session: the browser's language (the locale cookie, else Accept-Language).
  const locale = localeOfNodeRequest(req);
  if (req.method !== "GET" && req.method !== "POST") {
    res.setHeader("allow", "GET, POST");
    return sendPage(res, refusalPage(locale, "method", userText("ltiLaunch.loginMethod"), 405, await currentFrameOrigins()));
  }
  if (req.method === "POST" && !hasContentType(req.headers["content-type"], "application/x-www-form-urlencoded")) {
    return sendPage(res, refusalPage(locale, "content type", userText("ltiLaunch.loginContentType"), 415, await currentFrameOrigins()));
  }
  const params = (req.method === "POST" ? req.body : req.query) as RawParams;
  try {
    const login = await initiateLogin(params && typeof params === "object" ? params : {});
    res.setHeader("set-cookie", crossSiteCookie(login.cookie.name, login.cookie.value, login.cookie.maxAgeSeconds));
    res.redirect(302, login.redirectUrl);
  } catch (e) {
    if (!isLaunchRefusal(e)) throw e;
    console.warn(`[lti] login refused: check=${e.check} iss=${JSON.stringify(String((params as RawParams | undefined)?.iss ?? ""))}: ${englishText(e.message)}`);
    sendPage(res, refusalPage(locale, e.check, e.message, e.status, await currentFrameOrigins()));
  }
}
