import type { NextApiRequest, NextApiResponse } from "next";
import { env } from "@/lib/env.server";
import { englishText, localeOfNodeRequest } from "@/lib/i18n/translate";
import { userText } from "@/lib/i18n/user-text";
import { clientConnection } from "@/lib/http/client-address";
import { hasContentType } from "@/lib/http/request-guard";
import { currentFrameOrigins } from "@/lib/lti/frame-origins-refresh";
import { newWindowPage, refusalPage, sendPage } from "@/lib/lti/html";
import { completeLaunch, NeedsNewWindow, verifyLaunch, type LaunchForm } from "@/lib/lti/launch";
import { toolRegistrationValues } from "@/lib/lti/platforms";
import { isLaunchRefusal } from "@/lib/lti/refusal";
import { crossSiteCookie, launchSessionCookie } from "@/lib/lti/session";

// POST /api/lti/launch: the redirect URI an LMS posts the id_token to (lib/lti/launch.ts). Cross-site
// by design (decision 094, an exception to 065): the signed id_token and the state bound to this
// browser's cookie are what authenticate it. A Pages Router route: it sees the TCP connection, so
// the session cookie gets its __Secure- name on HTTPS (decision 060).

export const config = { api: { bodyParser: { sizeLimit: "96kb" } } };

export default async function handler(req: NextApiRequest, res: NextApiResponse): Promise<void> {
  res.setHeader("cache-control", "no-store");
  // Before any session: the browser's language (the locale cookie, else Accept-Language).
  const locale = localeOfNodeRequest(req);
  if (req.method !== "POST") {
    res.setHeader("allow", "POST");
    return sendPage(res, refusalPage(locale, "method", userText("ltiLaunch.launchMethod"), 405, await currentFrameOrigins()));
  }
  if (!hasContentType(req.headers["content-type"], "application/x-www-form-urlencoded")) {
    return sendPage(res, refusalPage(locale, "content type", userText("ltiLaunch.launchContentType"), 415, await currentFrameOrigins()));
  }
  const form = (req.body && typeof req.body === "object" ? req.body : {}) as LaunchForm;
  const started = performance.now();
  try {
    const verified = await verifyLaunch(form, Object.keys(req.cookies));
    const launch = await completeLaunch(verified);
    const session = await launchSessionCookie(launch, clientConnection(req, env.TRUSTED_PROXIES).secure);
    res.setHeader("set-cookie", [crossSiteCookie(session.name, session.value, session.maxAgeSeconds), crossSiteCookie(verified.stateCookie, "", 0)]);
    console.info(`[lti] launch: ${verified.message.type} iss=${verified.platform.issuer} user=${launch.userId}${launch.created ? " (new account)" : ""} -> ${launch.location.split("?")[0] ?? ""} in ${Math.round(performance.now() - started)} ms`);
    res.redirect(303, launch.location);
  } catch (e) {
    if (e instanceof NeedsNewWindow) {
      const url = new URL(toolRegistrationValues().loginUrl);
      for (const [k, v] of Object.entries(e.login)) if (v !== undefined) url.searchParams.set(k, v);
      console.warn(`[lti] launch needs a new window: check=state cookie iss=${JSON.stringify(e.login.iss)}: the browser sent no state cookie (third-party cookies blocked)`);
      return sendPage(res, newWindowPage(locale, url.toString(), await currentFrameOrigins()));
    }
    if (!isLaunchRefusal(e)) throw e;
    console.warn(`[lti] launch refused: check=${e.check}: ${englishText(e.message)}`);
    sendPage(res, refusalPage(locale, e.check, e.message, e.status, await currentFrameOrigins()));
  }
}
