import "server-only";
import { randomBytes } from "node:crypto";
import { SignJWT } from "jose";
import { z } from "zod";
import { currentSigningKey } from "./tool-keys";

// Calls from Chainrule to a platform's services (AGS, NRPS): an OAuth 2 access token from the
// platform's token endpoint by the client-credentials grant with a signed JWT assertion (1EdTech
// Security Framework §4.1, RFC 7523), cached until shortly before it expires, then the call with
// it. Every call has a timeout and a cap on what it reads. Errors say whether trying again later
// can help (the outbox retries those and gives up on the others).

export interface ServicePlatform {
  id: string;
  clientId: string;
  tokenUrl: string;
  tokenAudience: string | null;
}

const TIMEOUT_MS = 10_000;
const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

export class PlatformCallError extends Error {
  constructor(
    message: string,
    /** HTTP status, or null when no answer came (refused, timed out). */
    readonly status: number | null,
    /** A later attempt may succeed: no answer, 5xx, 408, 429 (and 401, after one fresh token). */
    readonly transient: boolean,
  ) {
    super(message);
    this.name = "PlatformCallError";
  }
}

const isTransientStatus = (status: number) => status >= 500 || status === 408 || status === 429 || status === 401;

async function cappedText(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_RESPONSE_BYTES) {
      await reader.cancel();
      throw new PlatformCallError(`the platform's answer is larger than ${MAX_RESPONSE_BYTES} bytes`, response.status, false);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

async function send(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, redirect: "error", signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (e) {
    const cause = e instanceof Error && e.cause instanceof Error ? `: ${e.cause.message}` : "";
    throw new PlatformCallError(`no answer from ${new URL(url).origin} (${e instanceof Error ? e.message : String(e)}${cause})`, null, true);
  }
}

const tokenSchema = z.object({ access_token: z.string().min(1), token_type: z.string().optional(), expires_in: z.coerce.number().positive().optional() });

const holder = globalThis as typeof globalThis & { chainruleLtiTokens?: Map<string, { token: string; expiresAt: number }> };
const tokens = (holder.chainruleLtiTokens ??= new Map<string, { token: string; expiresAt: number }>());

/** The signed client assertion: iss = sub = client id, aud = the token endpoint (or the registered audience). */
export async function clientAssertion(platform: ServicePlatform): Promise<string> {
  const { kid, key } = await currentSigningKey();
  return new SignJWT({})
    .setProtectedHeader({ alg: "RS256", kid, typ: "JWT" })
    .setIssuer(platform.clientId)
    .setSubject(platform.clientId)
    .setAudience(platform.tokenAudience ?? platform.tokenUrl)
    .setIssuedAt()
    .setExpirationTime("5m")
    .setJti(randomBytes(16).toString("base64url"))
    .sign(key);
}

/** An access token for `scopes`, from the cache while it has more than a minute left. */
export async function accessToken(platform: ServicePlatform, scopes: readonly string[], { fresh = false } = {}): Promise<string> {
  const scope = [...scopes].sort().join(" ");
  const cacheKey = `${platform.id} ${scope}`;
  const cached = tokens.get(cacheKey);
  if (!fresh && cached && cached.expiresAt - 60_000 > Date.now()) return cached.token;
  const body = new URLSearchParams({
    grant_type: "client_credentials",
    client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    client_assertion: await clientAssertion(platform),
    scope,
  });
  const response = await send(platform.tokenUrl, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" }, body });
  const text = await cappedText(response);
  if (!response.ok) throw new PlatformCallError(`the token endpoint answered ${response.status}: ${text.slice(0, 200)}`, response.status, response.status >= 500 || response.status === 429);
  let parsed: z.infer<typeof tokenSchema>;
  try {
    parsed = tokenSchema.parse(JSON.parse(text));
  } catch {
    throw new PlatformCallError("the token endpoint's answer has no access_token", response.status, false);
  }
  tokens.set(cacheKey, { token: parsed.access_token, expiresAt: Date.now() + (parsed.expires_in ?? 3600) * 1000 });
  return parsed.access_token;
}

export interface ServiceResponse {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * A service call with a bearer token for `scopes`. A 401 gets one more try with a fresh token (the
 * cached one may have been revoked); any other non-2xx is a PlatformCallError.
 */
export async function callService(platform: ServicePlatform, scopes: readonly string[], url: string, init: { method: "GET" | "POST" | "PUT"; accept: string; contentType?: string; body?: string }): Promise<ServiceResponse> {
  for (let attempt = 1; ; attempt++) {
    const token = await accessToken(platform, scopes, { fresh: attempt > 1 });
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: init.accept };
    if (init.contentType) headers["content-type"] = init.contentType;
    const response = await send(url, { method: init.method, headers, body: init.body });
    const text = await cappedText(response);
    if (response.ok) return { status: response.status, headers: response.headers, text };
    if (response.status === 401 && attempt === 1) continue;
    throw new PlatformCallError(`${init.method} ${url} answered ${response.status}: ${text.slice(0, 200)}`, response.status, isTransientStatus(response.status));
  }
}
