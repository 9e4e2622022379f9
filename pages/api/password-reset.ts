import type { NextApiRequest, NextApiResponse } from "next";
import { z } from "zod";
import { rateLimits } from "@/lib/auth/rate-limits";
import { PasswordHashingBusy } from "@/lib/data/passwords";
import { redeemResetLink, redeemResetSchema } from "@/lib/data/password-resets";
import { env } from "@/lib/env.server";
import { clientConnection } from "@/lib/http/client-address";
import { hasContentType, isCrossOrigin, originHeadersOf } from "@/lib/http/request-guard";
import { localeOfNodeRequest, userTextIn } from "@/lib/i18n/translate";
import { userText } from "@/lib/i18n/user-text";

// POST /api/password-reset { token, password }: a new password through a reset link (decision
// 121). A Pages Router route so failed uses are limited per client address as sign-ins are (the
// TCP peer, decision 060).

export const config = { api: { bodyParser: { sizeLimit: "8kb" } } };

const bodySchema = z.object({ token: z.string(), password: z.string() });

export default async function handler(req: NextApiRequest, res: NextApiResponse): Promise<void> {
  res.setHeader("cache-control", "no-store");
  const say = (text: string) => userTextIn(localeOfNodeRequest(req), text);
  if (req.method !== "POST") return res.setHeader("allow", "POST").status(405).json({ error: say(userText("errors.useMethod", { method: "POST" })) });
  if (isCrossOrigin(originHeadersOf(req.headers))) return res.status(403).json({ error: say(userText("errors.crossOrigin")) });
  if (!hasContentType(req.headers["content-type"], "application/json")) return res.status(415).json({ error: say(userText("errors.sendJson")) });
  const body = bodySchema.safeParse(req.body);
  if (!body.success) return res.status(400).json({ ok: false, message: say(userText("passwordReset.refused.unknown")) });
  const address = clientConnection(req, env.TRUSTED_PROXIES).address;
  const limits = rateLimits();
  const allowed = await limits.resetUse(address);
  if (!allowed.allowed) return res.status(429).json({ ok: false, message: say(userText("errors.tooManyAttempts", { seconds: allowed.retryAfterSeconds })) });
  const parsed = redeemResetSchema.safeParse(body.data);
  if (!parsed.success) {
    const issue = parsed.error.issues.find((i) => i.path[0] === "password") ?? parsed.error.issues[0];
    return res.status(400).json({ ok: false, field: "password", message: say(issue?.message ?? userText("passwordReset.refused.unknown")) });
  }
  try {
    const result = await redeemResetLink(parsed.data);
    if (!result.ok) {
      await limits.resetUseFailed(address);
      return res.status(410).json({ ok: false, reason: result.reason, message: say(result.message) });
    }
    return res.status(200).json({ ok: true, email: result.email });
  } catch (e) {
    if (!(e instanceof PasswordHashingBusy)) throw e;
    return res.status(503).json({ ok: false, message: say(userText("errors.serverBusy")) });
  }
}
