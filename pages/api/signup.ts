import type { NextApiRequest, NextApiResponse } from "next";
import { signUp } from "@/lib/auth/sign-up";
import { env } from "@/lib/env.server";
import { clientConnection } from "@/lib/http/client-address";
import { hasContentType, isCrossOrigin, originHeadersOf } from "@/lib/http/request-guard";
import { localeOfNodeRequest, userTextIn } from "@/lib/i18n/translate";
import { userText } from "@/lib/i18n/user-text";

// POST /api/signup { email, password, name? }: creates a student account (the sign-up form's
// fetch). A Pages Router API route so the per-address limit sees the TCP connection (decision 060).
// Answers in the visitor's language, and the new account keeps that language.

export const config = { api: { bodyParser: { sizeLimit: "8kb" } } };

export default async function handler(req: NextApiRequest, res: NextApiResponse): Promise<void> {
  res.setHeader("cache-control", "no-store");
  const locale = localeOfNodeRequest(req);
  const say = (text: string) => userTextIn(locale, text);
  if (req.method !== "POST") return res.setHeader("allow", "POST").status(405).json({ error: say(userText("errors.useMethod", { method: "POST" })) });
  if (isCrossOrigin(originHeadersOf(req.headers))) return res.status(403).json({ error: say(userText("errors.crossOrigin")) });
  if (!hasContentType(req.headers["content-type"], "application/json")) return res.status(415).json({ error: say(userText("errors.sendJson")) });
  const { status, fieldErrors, message, ok } = await signUp(req.body, clientConnection(req, env.TRUSTED_PROXIES).address, locale);
  const translated = Object.fromEntries(Object.entries(fieldErrors).map(([field, text]) => [field, say(text)]));
  res.status(status).json({ ok, fieldErrors: translated, message: message === null ? null : say(message) });
}
