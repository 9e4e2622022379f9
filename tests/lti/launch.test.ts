import { generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/data/db";
import { completeLaunch, NeedsNewWindow, verifyLaunch, type LaunchForm } from "@/lib/lti/launch";
import { initiateLogin } from "@/lib/lti/login";
import { registerPlatform } from "@/lib/lti/platforms";
import { isLaunchRefusal } from "@/lib/lti/refusal";
import { COOLDOWN_MS } from "@/lib/lti/platform-jwks";
import { LTI, ROLE, type PlatformSimulator } from "./platform-simulator";
import { counts, launch, linkedContext, loginAndAuthorize, loginState, ltiWorld, person, startSimulator, type LtiWorld } from "./helpers";

// Every check of LTI Core 1.3 §5.1.3 and the Security Framework's authentication response
// validation, against id_tokens signed by the simulated platform: each bad launch is refused by the
// check that names its fault, and leaves no row behind (the launch is one transaction).

let world: LtiWorld;
let sim: PlatformSimulator;
const CONTEXT = "ctx-launch";
let linkId: string;

beforeAll(async () => {
  world = await ltiWorld();
  sim = world.sim;
  await linkedContext(world, CONTEXT);
  linkId = sim.addLink(CONTEXT, { title: "MulLayer", custom: { chainrule_item: world.items.mulLayer.id }, lineItem: { scoreMaximum: 1 } }).id;
});

afterAll(async () => {
  await sim.stop();
});

/** Runs a launch with `form`, expecting the refusal named `check`, and proves nothing was written. */
async function expectRefused(form: LaunchForm, cookieName: string, check: string): Promise<void> {
  const before = await counts();
  let refusal: unknown;
  try {
    await completeLaunch(await verifyLaunch(form, [cookieName]));
  } catch (e) {
    refusal = e;
  }
  expect(isLaunchRefusal(refusal), `expected a refusal by "${check}", got ${String(refusal)}`).toBe(true);
  if (isLaunchRefusal(refusal)) expect(refusal.check).toBe(check);
  expect(await counts()).toEqual(before);
}

async function signed(sub: string, patch: (claims: Record<string, unknown>) => Record<string, unknown> = (c) => c, options: Parameters<PlatformSimulator["idToken"]>[1] extends infer O ? Partial<O> : never = {}) {
  const { state, nonce, cookieName } = await loginState(sim, sub, CONTEXT, linkId);
  const id_token = await sim.idToken(patch(sim.resourceLinkClaims(sub, CONTEXT, linkId)), { nonce, ...options });
  return { form: { id_token, state }, cookieName };
}

describe("a valid launch", () => {
  it("signs a learner in, enrols them, records the link with its line item and opens the item", async () => {
    const student = person(sim, "learner");
    const done = await launch(sim, student.sub, CONTEXT, { link: linkId });
    expect(done.location).toBe(`/courses/${world.courseSlug}/${world.items.mulLayer.slug}`);
    expect(done.created).toBe(true);
    expect(done.role).toBe("student");
    const account = await db().ltiAccount.findUniqueOrThrow({ where: { platformId_subject: { platformId: world.platformId, subject: student.sub } }, select: { user: { select: { email: true, role: true } } } });
    expect(account.user).toEqual({ email: student.email, role: "student" });
    expect(await db().enrollment.count({ where: { userId: done.userId, courseId: world.courseId } })).toBe(1);
    const link = await db().ltiResourceLink.findFirstOrThrow({ where: { resourceLinkId: linkId } });
    expect(link.exerciseId).toBe(world.items.mulLayer.id);
    expect(link.lineItemUrl).toMatch(/\/lineitems\/li-/);
    // The same person again: the same account, no new one.
    const again = await launch(sim, student.sub, CONTEXT, { link: linkId });
    expect(again.userId).toBe(done.userId);
    expect(again.created).toBe(false);
  });

  it("makes an LMS teaching assistant an instructor and a co-teacher of the linked course", async () => {
    const ta = person(sim, "ta");
    const done = await launch(sim, ta.sub, CONTEXT, { link: linkId });
    expect(done.role).toBe("instructor");
    expect(await db().courseInstructor.count({ where: { userId: done.userId, courseId: world.courseId } })).toBe(1);
  });

  it("accepts the platform's new key after it rotates its keys (the JWKS is fetched again)", async () => {
    const student = person(sim, "learner");
    await launch(sim, student.sub, CONTEXT, { link: linkId });
    await sim.rotateKeys({ dropOld: true });
    // An unknown kid refetches the platform's keys once the cool-down since the last fetch is over.
    await new Promise((r) => setTimeout(r, COOLDOWN_MS + 200));
    const done = await launch(sim, student.sub, CONTEXT, { link: linkId });
    expect(done.location).toContain(world.items.mulLayer.slug);
  });
});

describe("refused launches, each by the check that names its fault, nothing written", () => {
  it("signature: signed by a key the platform does not publish (same kid)", async () => {
    const forger = await generateKeyPair("RS256");
    const sub = person(sim, "learner").sub;
    const { form, cookieName } = await signed(sub, undefined, { key: forger.privateKey });
    await expectRefused(form, cookieName, "signature");
  });

  it("signature: an id_token from another platform's key (unknown kid)", async () => {
    const other = await startSimulator();
    try {
      const sub = person(sim, "learner").sub;
      const { state, nonce, cookieName } = await loginState(sim, sub, CONTEXT, linkId);
      other.addUser({ sub, name: "x", email: "x@x.example", role: ROLE.learner });
      other.addContext(CONTEXT, "x");
      other.addLink(CONTEXT, { id: linkId, title: "x" });
      const id_token = await other.idToken(other.resourceLinkClaims(sub, CONTEXT, linkId), { nonce, iss: sim.issuer, aud: sim.clientId });
      await expectRefused({ id_token, state }, cookieName, "signature");
    } finally {
      await other.stop();
    }
  });

  it("iss: an unknown issuer", async () => {
    const sub = person(sim, "learner").sub;
    const { form, cookieName } = await signed(sub, undefined, { iss: "https://unknown-lms.example" });
    await expectRefused(form, cookieName, "iss");
  });

  it("iss: a token of another registered platform against this login's state", async () => {
    const other = await startSimulator();
    try {
      const registered = await registerPlatform(other.registration());
      expect(registered.ok).toBe(true);
      const sub = person(sim, "learner").sub;
      other.addUser({ sub, name: "x", email: "y@x.example", role: ROLE.learner });
      other.addContext(CONTEXT, "x");
      other.addLink(CONTEXT, { id: linkId, title: "x" });
      const { state, nonce, cookieName } = await loginState(sim, sub, CONTEXT, linkId);
      const id_token = await other.idToken(other.resourceLinkClaims(sub, CONTEXT, linkId), { nonce });
      await expectRefused({ id_token, state }, cookieName, "iss");
    } finally {
      await other.stop();
    }
  });

  it("aud: addressed to another client id", async () => {
    const { form, cookieName } = await signed(person(sim, "learner").sub, undefined, { aud: "someone-else" });
    await expectRefused(form, cookieName, "aud");
  });

  it("azp: several audiences without an authorized party, or another one", async () => {
    const sub = person(sim, "learner").sub;
    const many = await signed(sub, undefined, { aud: [sim.clientId, "another-tool"] });
    await expectRefused(many.form, many.cookieName, "azp");
    const wrong = await signed(sub, (c) => ({ ...c, azp: "another-tool" }));
    await expectRefused(wrong.form, wrong.cookieName, "azp");
  });

  it("exp: an expired token; iat: one issued in the future", async () => {
    const sub = person(sim, "learner").sub;
    const now = Math.floor(Date.now() / 1000);
    const expired = await signed(sub, undefined, { iat: now - 900, exp: now - 600 });
    await expectRefused(expired.form, expired.cookieName, "exp");
    const future = await signed(sub, undefined, { iat: now + 3600, exp: now + 4000 });
    await expectRefused(future.form, future.cookieName, "iat");
  });

  it("nonce: a replayed id_token is refused the second time", async () => {
    const sub = person(sim, "learner").sub;
    const { form, cookieName } = await loginAndAuthorize(sim, sub, CONTEXT, { link: linkId });
    await completeLaunch(await verifyLaunch(form, [cookieName]));
    await expectRefused(form, cookieName, "nonce");
  });

  it("nonce: a token whose nonce is not the one sent with this login", async () => {
    const sub = person(sim, "learner").sub;
    const { state, cookieName } = await loginState(sim, sub, CONTEXT, linkId);
    const id_token = await sim.idToken(sim.resourceLinkClaims(sub, CONTEXT, linkId), { nonce: "a-nonce-chainrule-never-sent" });
    await expectRefused({ id_token, state }, cookieName, "nonce");
  });

  it("state: tampered, missing, or signed by someone else", async () => {
    const sub = person(sim, "learner").sub;
    const { form, cookieName } = await signed(sub);
    const state = String(form.state);
    await expectRefused({ ...form, state: `${state.slice(0, -3)}abc` }, cookieName, "state");
    await expectRefused({ id_token: form.id_token }, cookieName, "form");
    const foreign = await new SignJWT({ purpose: "state" }).setProtectedHeader({ alg: "HS256" }).setIssuer("chainrule-lti").setExpirationTime("5m").sign(new Uint8Array(32));
    await expectRefused({ ...form, state: foreign }, cookieName, "state");
  });

  it("deployment_id: a deployment that is not registered", async () => {
    const { form, cookieName } = await signed(person(sim, "learner").sub, (c) => ({ ...c, [LTI.deploymentId]: "deployment-unknown" }));
    await expectRefused(form, cookieName, "deployment_id");
  });

  it("message_type and version claims", async () => {
    const sub = person(sim, "learner").sub;
    const type = await signed(sub, (c) => ({ ...c, [LTI.messageType]: "LtiSubmissionReviewRequest" }));
    await expectRefused(type.form, type.cookieName, "message_type");
    const version = await signed(sub, (c) => ({ ...c, [LTI.version]: "1.1" }));
    await expectRefused(version.form, version.cookieName, "version");
  });

  it("missing claims: sub, version, deployment id, roles, resource link, context", async () => {
    const sub = person(sim, "learner").sub;
    const without = (key: string) => (c: Record<string, unknown>) => Object.fromEntries(Object.entries(c).filter(([k]) => k !== key));
    for (const key of ["sub", LTI.version, LTI.deploymentId, LTI.roles, LTI.resourceLink, LTI.targetLinkUri]) {
      const { form, cookieName } = await signed(sub, without(key));
      await expectRefused(form, cookieName, "claims");
    }
    const noContext = await signed(sub, without(LTI.context));
    await expectRefused(noContext.form, noContext.cookieName, "context");
  });

  it("roles: a role that is neither learner nor instructor; a learner asking for deep linking", async () => {
    const mentor = person(sim, "mentor");
    const asMentor = await signed(mentor.sub);
    await expectRefused(asMentor.form, asMentor.cookieName, "roles");
    const learner = person(sim, "learner");
    const { form, cookieName } = await loginAndAuthorize(sim, learner.sub, CONTEXT, { deepLink: true });
    await expectRefused(form, cookieName, "roles");
  });

  it("alg: a token signed with a shared secret (HS256) instead of RS256", async () => {
    const sub = person(sim, "learner").sub;
    const { state, nonce, cookieName } = await loginState(sim, sub, CONTEXT, linkId);
    const id_token = await new SignJWT({ ...sim.resourceLinkClaims(sub, CONTEXT, linkId), nonce })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer(sim.issuer)
      .setAudience(sim.clientId)
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(new TextEncoder().encode("a shared secret the platform never agreed to"));
    await expectRefused({ id_token, state }, cookieName, "alg");
  });

  it("id_token: not a JWT at all; platform error: the LMS answered with an OIDC error", async () => {
    const { state, cookieName } = await loginState(sim, person(sim, "learner").sub, CONTEXT, linkId);
    await expectRefused({ id_token: "not-a-jwt", state }, cookieName, "id_token");
    await expectRefused({ error: "login_required", error_description: "the user is not logged in", state }, cookieName, "platform error");
  });

  it("resource link: an activity that opens an item of another course", async () => {
    const other = await db().course.create({ data: { slug: `other-${Date.now()}`, title: "Other", joinCode: `OTH${Date.now()}` } });
    const foreign = await db().exercise.create({ data: { key: `foreign-${Date.now()}`, slug: `foreign-${Date.now()}`, courseId: other.id, title: "Foreign", kind: "code", order: 1 } });
    const link = sim.addLink(CONTEXT, { title: "Foreign", custom: { chainrule_item: foreign.id } });
    const sub = person(sim, "learner").sub;
    await launch(sim, sub, CONTEXT, { link: linkId }); // the account exists already: only the link would be new
    const { form, cookieName } = await loginAndAuthorize(sim, sub, CONTEXT, { link: link.id });
    await expectRefused(form, cookieName, "resource link");
  });
});

describe("the browser's binding to the login", () => {
  it("without the state cookie (third-party cookies blocked): the new-window fallback, with the same login", async () => {
    const sub = person(sim, "learner").sub;
    const { form } = await loginAndAuthorize(sim, sub, CONTEXT, { link: linkId });
    const before = await counts();
    const error = await verifyLaunch(form, []).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NeedsNewWindow);
    if (error instanceof NeedsNewWindow) expect(error.login).toMatchObject({ iss: sim.issuer, login_hint: sub, client_id: sim.clientId });
    expect(await counts()).toEqual(before);
  });
});

describe("login initiation", () => {
  const base = () => sim.loginInitiation(person(sim, "learner").sub, CONTEXT, { link: linkId });
  const refusedBy = async (params: Record<string, string>) => {
    try {
      await initiateLogin(params);
      return "accepted";
    } catch (e) {
      return isLaunchRefusal(e) ? e.check : String(e);
    }
  };

  it("redirects to the platform's authorization endpoint with every parameter the spec requires", async () => {
    const login = await initiateLogin(base());
    const url = new URL(login.redirectUrl);
    expect(url.origin + url.pathname).toBe(sim.authUrl);
    for (const [k, v] of Object.entries({ scope: "openid", response_type: "id_token", response_mode: "form_post", prompt: "none", client_id: sim.clientId, redirect_uri: "http://localhost:3000/api/lti/launch" })) {
      expect(url.searchParams.get(k)).toBe(v);
    }
    expect(url.searchParams.get("nonce")).toMatch(/^[\w-]{32}$/);
    expect(login.cookie.name).toMatch(/^chainrule-lti-state-/);
  });

  it("refuses an unknown issuer or client id, an unregistered deployment, a target elsewhere, missing parameters", async () => {
    expect(await refusedBy({ ...base(), iss: "https://unknown.example" })).toBe("iss");
    expect(await refusedBy({ ...base(), client_id: "nobody" })).toBe("iss");
    expect(await refusedBy({ ...base(), lti_deployment_id: "deployment-unknown" })).toBe("deployment_id");
    expect(await refusedBy({ ...base(), target_link_uri: "https://evil.example/api/lti/launch" })).toBe("target_link_uri");
    const { login_hint: _hint, ...noHint } = base();
    expect(await refusedBy(noHint)).toBe("login parameters");
  });
});
