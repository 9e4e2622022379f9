import type { NextApiRequest, NextApiResponse } from "next";
import { z } from "zod";
import { rateLimits } from "@/lib/auth/rate-limits";
import { resetMailConfigured, sendResetMail } from "@/lib/auth/reset-mail";
import { issueMailedResetLink, RESET_LINK_MINUTES } from "@/lib/data/password-resets";
import { emailSchema } from "@/lib/data/users";
import { env } from "@/lib/env.server";
import { clientConnection } from "@/lib/http/client-address";
import { hasContentType, isCrossOrigin, originHeadersOf } from "@/lib/http/request-guard";
import { localeOfNodeRequest, userTextIn } from "@/lib/i18n/translate";
import { userText } from "@/lib/i18n/user-text";

// POST /api/forgot-password { email }: mails a reset link when SMTP is configured (decision 121).
// The answer is the same whether or not an account has that email, and it is sent before the
// link is issued or mailed, so its timing does not tell either.

export const config = { api: { bodyParser: { sizeLimit: "8kb" } } };

const bodySchema = z.object({ email: emailSchema });

export default async function handler(req: NextApiRequest, res: NextApiResponse): Promise<void> {
  res.setHeader("cache-control", "no-store");
  const locale = localeOfNodeRequest(req);
  const say = (text: string) => userTextIn(locale, text);
  if (req.method !== "POST") return res.setHeader("allow", "POST").status(405).json({ error: say(userText("errors.useMethod", { method: "POST" })) });
  if (isCrossOrigin(originHeadersOf(req.headers))) return res.status(403).json({ error: say(userText("errors.crossOrigin")) });
  if (!hasContentType(req.headers["content-type"], "application/json")) return res.status(415).json({ error: say(userText("errors.sendJson")) });
  if (!resetMailConfigured()) return res.status(404).json({ ok: false, message: say(userText("passwordReset.forgot.noMail")) });
  const body = bodySchema.safeParse(req.body);
  if (!body.success) return res.status(400).json({ ok: false, field: "email", message: say(body.error.issues[0]?.message ?? userText("errors.emailInvalid")) });
  const budget = await rateLimits().resetMail(clientConnection(req, env.TRUSTED_PROXIES).address, body.data.email);
  if (!budget.allowed) return res.status(429).json({ ok: false, message: say(userText("errors.tooManyAttempts", { seconds: budget.retryAfterSeconds })) });
  res.status(202).json({ ok: true, message: say(userText("passwordReset.forgot.sent", { minutes: RESET_LINK_MINUTES })) });
  // After the answer: a failure is the operator's to see in the log, never the requester's.
  try {
    const issued = await issueMailedResetLink(body.data.email);
    if (issued) await sendResetMail({ to: issued.email, path: issued.path, minutes: RESET_LINK_MINUTES, locale: issued.locale ?? locale });
  } catch (e) {
    console.error("[forgot-password] could not mail a reset link:", e instanceof Error ? e.message : e);
  }
}
