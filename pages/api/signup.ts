import type { NextApiRequest, NextApiResponse } from "next";
import { signUp } from "@/lib/auth/sign-up";
import { env } from "@/lib/env.server";
import { clientConnection } from "@/lib/http/client-address";
import { CROSS_ORIGIN_REFUSAL, hasContentType, isCrossOrigin, originHeadersOf } from "@/lib/http/request-guard";

// POST /api/signup { email, password, name? }: creates a student account (the sign-up form's
// fetch). A Pages Router API route so the per-address limit sees the TCP connection (decision 060).

export const config = { api: { bodyParser: { sizeLimit: "8kb" } } };

export default async function handler(req: NextApiRequest, res: NextApiResponse): Promise<void> {
  res.setHeader("cache-control", "no-store");
  if (req.method !== "POST") return res.setHeader("allow", "POST").status(405).json({ error: "Use POST." });
  if (isCrossOrigin(originHeadersOf(req.headers))) return res.status(403).json({ error: CROSS_ORIGIN_REFUSAL });
  if (!hasContentType(req.headers["content-type"], "application/json")) return res.status(415).json({ error: "Send the form as JSON (Content-Type: application/json)." });
  const { status, ...outcome } = await signUp(req.body, clientConnection(req, env.TRUSTED_PROXIES).address);
  res.status(status).json(outcome);
}
