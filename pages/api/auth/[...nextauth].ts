import type { NextApiRequest, NextApiResponse } from "next";
import NextAuth from "next-auth";
import { authOptionsFor } from "@/lib/auth/options";
import { env } from "@/lib/env.server";
import { sendJson } from "@/lib/http/api-response";
import { clientConnection } from "@/lib/http/client-address";
import { userText } from "@/lib/i18n/user-text";
import { CROSS_ORIGIN_REFUSAL, hasContentType, isCrossOrigin, originHeadersOf } from "@/lib/http/request-guard";

// next-auth's routes (/api/auth/csrf, /callback/credentials, /signout, ...). A Pages Router API
// route, not an App Router handler, because this one needs the TCP connection: the sign-in rate
// limits key on the client's real address and session cookies are Secure when the browser came
// over HTTPS (decision 060), neither of which App Router code can see.

// Capped by Next before next-auth reads anything: a sign-in form is a few hundred bytes.
export const config = { api: { bodyParser: { sizeLimit: "8kb" } } };

export default async function auth(req: NextApiRequest, res: NextApiResponse): Promise<void> {
  // next-auth's own CSRF token guards its POSTs too; these refuse a foreign page or a body that is
  // not its form before any of that runs (decision 065).
  if (req.method === "POST") {
    if (isCrossOrigin(originHeadersOf(req.headers))) return sendJson(res, 403, { error: CROSS_ORIGIN_REFUSAL });
    if (!hasContentType(req.headers["content-type"], "application/x-www-form-urlencoded")) {
      return sendJson(res, 415, { error: userText("apiErrors.sendForm") });
    }
  }
  await NextAuth(req, res, authOptionsFor(clientConnection(req, env.TRUSTED_PROXIES)));
}
