import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { db } from "@/lib/data/db";
import { loginParamsSchema, signState, STATE_TTL_SECONDS, type LoginParams } from "./browser-tokens";
import { toolRegistrationValues } from "./platforms";
import { userText } from "@/lib/i18n/user-text";
import { LaunchRefusal } from "./refusal";

// OpenID Connect third-party initiated login (LTI Core 1.3 §5.1.1, Security Framework §5.1.1):
// the LMS sends iss + login_hint + target_link_uri (+ lti_message_hint, client_id,
// lti_deployment_id); Chainrule answers with a redirect to the platform's authorization endpoint
// carrying a fresh nonce and a signed `state`, and binds the state to this browser with a cookie.

/** The state cookie of one login: its name carries a hash of the state, so parallel launches (two
 * LTI iframes on one LMS page) each keep their own. SameSite=None; Secure: the launch is a
 * cross-site form post from the LMS, which a Lax cookie would not come back with. */
export function stateCookieName(state: string): string {
  return `chainrule-lti-state-${createHash("sha256").update(state).digest("base64url").slice(0, 22)}`;
}

export interface LoginRedirect {
  redirectUrl: string;
  state: string;
  cookie: { name: string; value: string; maxAgeSeconds: number };
}

/** Parameters from a GET query or a POST form, first value of each. */
export type RawParams = Record<string, string | string[] | undefined>;

function first(params: RawParams, name: string): string | undefined {
  const v = params[name];
  return Array.isArray(v) ? v[0] : v;
}

export async function initiateLogin(raw: RawParams): Promise<LoginRedirect> {
  const parsed = loginParamsSchema.safeParse({
    iss: first(raw, "iss"),
    login_hint: first(raw, "login_hint"),
    target_link_uri: first(raw, "target_link_uri"),
    lti_message_hint: first(raw, "lti_message_hint"),
    client_id: first(raw, "client_id"),
    lti_deployment_id: first(raw, "lti_deployment_id"),
  });
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => String(i.path[0] ?? "")).join(", ");
    throw new LaunchRefusal("login parameters", userText("ltiLaunch.loginParams", { fields }), 400);
  }
  const login: LoginParams = parsed.data;
  const platforms = await db().ltiPlatform.findMany({
    where: { issuer: login.iss, ...(login.client_id ? { clientId: login.client_id } : {}) },
    select: { id: true, clientId: true, authLoginUrl: true, deployments: { select: { deploymentId: true } } },
  });
  if (platforms.length === 0) throw new LaunchRefusal("iss", userText("ltiLaunch.noPlatform", { iss: login.iss, clientId: login.client_id ?? "", hasClient: login.client_id ? "yes" : "no" }), 401);
  if (platforms.length > 1) throw new LaunchRefusal("client_id", userText("ltiLaunch.sharedIssuer", { iss: login.iss }), 400);
  const platform = platforms[0];
  if (!platform) throw new LaunchRefusal("iss", userText("ltiLaunch.noSuchPlatform"), 401);
  if (login.lti_deployment_id !== undefined && !platform.deployments.some((d) => d.deploymentId === login.lti_deployment_id)) {
    throw new LaunchRefusal("deployment_id", userText("ltiLaunch.deployment", { deployment: login.lti_deployment_id }), 401);
  }
  const values = toolRegistrationValues();
  // The launch must come back to this tool: a target elsewhere would make Chainrule an open
  // redirector for the LMS's users.
  if (!URL.canParse(login.target_link_uri) || new URL(login.target_link_uri).origin !== new URL(values.launchUrl).origin) {
    throw new LaunchRefusal("target_link_uri", userText("ltiLaunch.targetLink", { origin: new URL(values.launchUrl).origin, got: login.target_link_uri }), 400);
  }
  const nonce = randomBytes(24).toString("base64url");
  const state = await signState({ platformId: platform.id, nonce, login });
  const url = new URL(platform.authLoginUrl);
  const query: Record<string, string> = {
    scope: "openid",
    response_type: "id_token",
    response_mode: "form_post",
    prompt: "none",
    client_id: platform.clientId,
    redirect_uri: values.launchUrl,
    login_hint: login.login_hint,
    state,
    nonce,
  };
  if (login.lti_message_hint !== undefined) query.lti_message_hint = login.lti_message_hint;
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  return { redirectUrl: url.toString(), state, cookie: { name: stateCookieName(state), value: "1", maxAgeSeconds: STATE_TTL_SECONDS } };
}
