import "server-only";
import { jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import { derivedKey } from "./secrets";

// Short-lived tokens Chainrule hands to a browser and reads back, signed (HS256, a key derived from
// NEXTAUTH_SECRET) so nothing needs a database row until a launch is valid:
// - `state` of the OIDC login: which platform the login went to, the nonce it asked for, and the
//   login parameters (so "open in a new window" can start the same login again);
// - `handover` after a launch: what the next page of the flow (link the course, pick items for
//   deep linking) needs, bound to the account the launch signed in.
// Each token names its purpose, so one can never be used as the other.

const ISSUER = "chainrule-lti";

export const loginParamsSchema = z.object({
  iss: z.string().max(2048),
  login_hint: z.string().min(1).max(2048),
  target_link_uri: z.string().max(2048),
  lti_message_hint: z.string().max(4096).optional(),
  client_id: z.string().max(255).optional(),
  lti_deployment_id: z.string().max(255).optional(),
});
export type LoginParams = z.infer<typeof loginParamsSchema>;

export const stateSchema = z.object({
  purpose: z.literal("state"),
  platformId: z.string(),
  nonce: z.string(),
  login: loginParamsSchema,
});
export type StateToken = z.infer<typeof stateSchema>;

export const deepLinkHandoverSchema = z.object({
  platformId: z.string(),
  deploymentId: z.string(),
  contextRowId: z.string(),
  returnUrl: z.string(),
  data: z.string().optional(),
  acceptMultiple: z.boolean(),
  acceptLineItem: z.boolean(),
});
export type DeepLinkHandover = z.infer<typeof deepLinkHandoverSchema>;

export const handoverSchema = z.object({
  purpose: z.literal("handover"),
  userId: z.string(),
  contextRowId: z.string(),
  /** Where to go once the context is linked to a course: an item, the course, or deep linking. */
  next: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("link"), linkRowId: z.string() }),
    z.object({ kind: z.literal("deep-link"), deepLink: deepLinkHandoverSchema }),
    z.object({ kind: z.literal("course") }),
  ]),
});
export type HandoverToken = z.infer<typeof handoverSchema>;

/** 10 minutes for a login to come back; an hour to link a course or pick items. */
export const STATE_TTL_SECONDS = 10 * 60;
export const HANDOVER_TTL_SECONDS = 60 * 60;

async function sign(payload: Record<string, unknown>, ttlSeconds: number): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(derivedKey("lti-browser-tokens"));
}

async function verify<T>(token: string, schema: z.ZodType<T>): Promise<T | null> {
  if (token.length > 16_384) return null;
  try {
    const { payload } = await jwtVerify(token, derivedKey("lti-browser-tokens"), { issuer: ISSUER, algorithms: ["HS256"] });
    const parsed = schema.safeParse(payload);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export const signState = (state: Omit<StateToken, "purpose">) => sign({ ...state, purpose: "state" }, STATE_TTL_SECONDS);
export const verifyState = (token: string) => verify(token, stateSchema);
export const signHandover = (handover: Omit<HandoverToken, "purpose">) => sign({ ...handover, purpose: "handover" }, HANDOVER_TTL_SECONDS);
export const verifyHandover = (token: string) => verify(token, handoverSchema);
