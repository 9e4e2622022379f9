import "server-only";
import { createHash } from "node:crypto";
import { decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload } from "jose";
import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/data/db";
import { withBusyRetry } from "@/lib/data/busy-retry";
import { emailSchema } from "@/lib/data/users";
import { verifyState, signHandover, type DeepLinkHandover, type HandoverToken, type LoginParams, type StateToken } from "./browser-tokens";
import {
  CLAIM,
  courseRoleOf,
  CUSTOM,
  deepLinkingClaimsSchema,
  LTI_VERSION,
  MESSAGE_TYPE,
  messageClaimsSchema,
  resourceLinkClaimsSchema,
  type CourseRole,
  type DeepLinkingClaims,
  type MessageClaims,
  type ResourceLinkClaims,
} from "./claims";
import { stateCookieName } from "./login";
import { platformKeySet } from "./platform-jwks";
import { userText } from "@/lib/i18n/user-text";
import { LaunchRefusal } from "./refusal";

// The launch (LTI Core 1.3 §5.1.3 / Security Framework §5.1.3 "Authentication Response
// Validation"): the platform posts `id_token` and `state` to the redirect URI. verifyLaunch runs
// every check the specifications require, each refusal naming its check; completeLaunch then
// records the launch (nonce, account, context, membership, link) in ONE transaction and says
// where to send the browser. Nothing is written for a launch that fails any check.

/** Seconds of clock difference accepted between the LMS and Chainrule (exp, iat, nbf). */
export const CLOCK_TOLERANCE_SECONDS = 60;
/** An id_token issued longer ago than this is refused even if its exp is later. */
export const MAX_TOKEN_AGE_SECONDS = 60 * 60;

const formSchema = z.object({
  id_token: z.string().min(1).max(65_536),
  state: z.string().min(1).max(16_384),
});

export interface LaunchForm {
  id_token?: unknown;
  state?: unknown;
  error?: unknown;
  error_description?: unknown;
}

interface PlatformRow {
  id: string;
  issuer: string;
  clientId: string;
  jwksUrl: string;
  trustEmail: boolean;
}

export interface VerifiedLaunch {
  platform: PlatformRow;
  state: StateToken;
  stateCookie: string;
  payload: JWTPayload;
  claims: MessageClaims;
  role: Exclude<CourseRole, "none">;
  message:
    | { type: typeof MESSAGE_TYPE.resourceLink; claims: ResourceLinkClaims }
    | { type: typeof MESSAGE_TYPE.deepLinkingRequest; claims: DeepLinkingClaims };
}

/** The browser came without the state cookie (third-party cookies blocked): start again in a window of its own. */
export class NeedsNewWindow extends Error {
  constructor(readonly login: LoginParams) {
    super("The state cookie did not come back: the browser blocks cookies in the LMS's frame.");
    this.name = "NeedsNewWindow";
  }
}

function joseRefusal(e: unknown, platform: PlatformRow): LaunchRefusal {
  if (e instanceof joseErrors.JWTExpired) return new LaunchRefusal("exp", userText("ltiLaunch.expired"));
  if (e instanceof joseErrors.JWTClaimValidationFailed) {
    const claim = e.claim;
    if (claim === "iss") return new LaunchRefusal("iss", userText("ltiLaunch.wrongIssuer", { issuer: platform.issuer }));
    if (claim === "aud") return new LaunchRefusal("aud", userText("ltiLaunch.wrongAudience", { clientId: platform.clientId }));
    if (claim === "iat") return new LaunchRefusal("iat", userText("ltiLaunch.badIssuedAt", { minutes: MAX_TOKEN_AGE_SECONDS / 60 }));
    if (claim === "nbf") return new LaunchRefusal("nbf", userText("ltiLaunch.notYetValid"));
    if (claim === "exp") return new LaunchRefusal("exp", userText("ltiLaunch.noExpiry"));
    return new LaunchRefusal(claim || "claims", userText("ltiLaunch.badClaim", { claim, reason: e.reason }));
  }
  if (e instanceof joseErrors.JWKSNoMatchingKey) return new LaunchRefusal("signature", userText("ltiLaunch.unknownKey"));
  if (e instanceof joseErrors.JWKSMultipleMatchingKeys) return new LaunchRefusal("signature", userText("ltiLaunch.severalKeys"));
  if (e instanceof joseErrors.JWSSignatureVerificationFailed) return new LaunchRefusal("signature", userText("ltiLaunch.badSignature"));
  if (e instanceof joseErrors.JWKSTimeout || e instanceof joseErrors.JWKSInvalid) return new LaunchRefusal("platform keys", userText("ltiLaunch.keysUnreadable", { url: platform.jwksUrl, detail: e.message }), 401);
  if (e instanceof joseErrors.JOSEAlgNotAllowed) return new LaunchRefusal("alg", userText("ltiLaunch.rs256"));
  if (e instanceof joseErrors.JWTInvalid || e instanceof joseErrors.JWSInvalid) return new LaunchRefusal("id_token", userText("ltiLaunch.invalidJwtDetail", { detail: e.message }), 400);
  if (e instanceof Error && /fetch|ECONNREFUSED|network/i.test(`${e.message} ${e.cause instanceof Error ? e.cause.message : ""}`)) {
    return new LaunchRefusal("platform keys", userText("ltiLaunch.keysUnfetched", { url: platform.jwksUrl }), 401);
  }
  return new LaunchRefusal("signature", userText("ltiLaunch.unverified", { detail: e instanceof Error ? e.message : String(e) }));
}

function zodRefusal(check: string, error: z.ZodError): LaunchRefusal {
  const issue = error.issues[0];
  const where = issue ? issue.path.map(String).join(".") : "";
  return new LaunchRefusal(check, userText("ltiLaunch.malformedClaim", { where: where || "token", issue: issue?.message ?? "invalid" }), 400);
}

/**
 * Every check of the specifications, in order; throws LaunchRefusal naming the first that fails
 * (or NeedsNewWindow when only the browser's state cookie is missing). Reads, never writes.
 */
export async function verifyLaunch(form: LaunchForm, cookieNames: readonly string[]): Promise<VerifiedLaunch> {
  if (typeof form.error === "string") {
    const description = typeof form.error_description === "string" ? `: ${form.error_description.slice(0, 300)}` : "";
    throw new LaunchRefusal("platform error", userText("ltiLaunch.platformError", { error: form.error.slice(0, 100), description }), 400);
  }
  const parsedForm = formSchema.safeParse({ id_token: form.id_token, state: form.state });
  if (!parsedForm.success) throw new LaunchRefusal("form", userText("ltiLaunch.form"), 400);
  const { id_token: idToken, state: stateToken } = parsedForm.data;

  const state = await verifyState(stateToken);
  if (!state) throw new LaunchRefusal("state", userText("ltiLaunch.state"), 400);

  let header: ReturnType<typeof decodeProtectedHeader>;
  let unverified: JWTPayload;
  try {
    header = decodeProtectedHeader(idToken);
    unverified = decodeJwt(idToken);
  } catch {
    throw new LaunchRefusal("id_token", userText("ltiLaunch.notJwt"), 400);
  }
  if (header.alg !== "RS256") throw new LaunchRefusal("alg", userText("ltiLaunch.rs256Got", { alg: String(header.alg) }));

  const platform = await db().ltiPlatform.findUnique({
    where: { id: state.platformId },
    select: { id: true, issuer: true, clientId: true, jwksUrl: true, trustEmail: true },
  });
  if (!platform) throw new LaunchRefusal("iss", userText("ltiLaunch.platformGone"));
  if (unverified.iss !== platform.issuer) {
    const known = typeof unverified.iss === "string" ? await db().ltiPlatform.count({ where: { issuer: unverified.iss } }) : 0;
    throw new LaunchRefusal("iss", known > 0 ? userText("ltiLaunch.issuerMismatch", { iss: String(unverified.iss), issuer: platform.issuer }) : userText("ltiLaunch.unknownIssuer", { iss: String(unverified.iss) }));
  }

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, platformKeySet(platform.jwksUrl), {
      algorithms: ["RS256"],
      issuer: platform.issuer,
      audience: platform.clientId,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      maxTokenAge: MAX_TOKEN_AGE_SECONDS,
      requiredClaims: ["iat", "exp", "nonce"],
    }));
  } catch (e) {
    throw joseRefusal(e, platform);
  }
  // Several audiences: the token must say it was issued for this client (azp); whenever azp is
  // there it must be this client id.
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (audiences.length > 1 && payload.azp === undefined) throw new LaunchRefusal("azp", userText("ltiLaunch.azpMissing"));
  if (payload.azp !== undefined && payload.azp !== platform.clientId) throw new LaunchRefusal("azp", userText("ltiLaunch.azpWrong", { azp: JSON.stringify(payload.azp) }));
  if (payload.nonce !== state.nonce) throw new LaunchRefusal("nonce", userText("ltiLaunch.nonce"));

  const claims = messageClaimsSchema.safeParse(payload);
  if (!claims.success) throw zodRefusal("claims", claims.error);
  const c = claims.data;
  if (c[CLAIM.version] !== LTI_VERSION) throw new LaunchRefusal("version", userText("ltiLaunch.version", { supported: LTI_VERSION, version: String(c[CLAIM.version]) }), 400);
  const messageType = c[CLAIM.messageType];
  if (messageType !== MESSAGE_TYPE.resourceLink && messageType !== MESSAGE_TYPE.deepLinkingRequest) {
    throw new LaunchRefusal("message_type", userText("ltiLaunch.messageType", { type: String(messageType) }), 400);
  }
  const deployment = await db().ltiDeployment.count({ where: { platformId: platform.id, deploymentId: c[CLAIM.deploymentId] } });
  if (deployment === 0) throw new LaunchRefusal("deployment_id", userText("ltiLaunch.deployment", { deployment: String(c[CLAIM.deploymentId]) }));
  if (!c[CLAIM.context]) throw new LaunchRefusal("context", userText("ltiLaunch.noContextInside"), 400);
  const role = courseRoleOf(c[CLAIM.roles]);
  if (role === "none") throw new LaunchRefusal("roles", userText("ltiLaunch.role"), 403);

  let message: VerifiedLaunch["message"];
  if (messageType === MESSAGE_TYPE.resourceLink) {
    const link = resourceLinkClaimsSchema.safeParse(payload);
    if (!link.success) throw zodRefusal("claims", link.error);
    message = { type: MESSAGE_TYPE.resourceLink, claims: link.data };
  } else {
    const deep = deepLinkingClaimsSchema.safeParse(payload);
    if (!deep.success) throw zodRefusal("claims", deep.error);
    if (role !== "staff") throw new LaunchRefusal("roles", userText("ltiLaunch.staffOnly"), 403);
    if (!deep.data[CLAIM.deepLinkingSettings].accept_types.includes("ltiResourceLink")) {
      throw new LaunchRefusal("deep_linking_settings", userText("ltiLaunch.deepLinkTypes"), 400);
    }
    message = { type: MESSAGE_TYPE.deepLinkingRequest, claims: deep.data };
  }

  // Last: the token is genuine and complete; only this browser's binding to the login is missing.
  const stateCookie = stateCookieName(stateToken);
  if (!cookieNames.includes(stateCookie)) throw new NeedsNewWindow(state.login);
  return { platform, state, stateCookie, payload, claims: c, role, message };
}

// ---------------------------------------------------------------------------------------------

export interface CompletedLaunch {
  userId: string;
  email: string;
  name: string | null;
  role: "student" | "instructor";
  sessionVersion: number;
  /** Path on this site to send the browser to. */
  location: string;
  /** The account was created by this launch. */
  created: boolean;
}

type Tx = Prisma.TransactionClient;

/** An email for an LMS user who has none (or whose email an unrelated account already has). */
function placeholderEmail(platformId: string, subject: string): string {
  return `lti-${createHash("sha256").update(`${platformId}\u0000${subject}`).digest("hex").slice(0, 24)}@lti.invalid`;
}

function displayName(c: MessageClaims): string | null {
  const name = c.name ?? [c.given_name, c.family_name].filter(Boolean).join(" ");
  return name.trim() === "" ? null : name.trim().slice(0, 100);
}

/**
 * Marks a password hash that matches nothing: LTI accounts sign in through their LMS (the operator
 * can give one a password with user:set-password). bcrypt compares it as not matching.
 */
export const NO_PASSWORD = "!lti-launch-only";

/** The Chainrule account of an LMS user: linked before, linked now by a trusted email, or new. */
export async function accountForLmsUser(
  tx: Tx,
  platform: { id: string; trustEmail: boolean },
  person: { subject: string; email?: string; name: string | null; staff: boolean },
): Promise<{ id: string; email: string; name: string | null; role: "student" | "instructor"; sessionVersion: number; created: boolean }> {
  const select = { id: true, email: true, name: true, role: true, sessionVersion: true } as const;
  const linked = await tx.ltiAccount.findUnique({ where: { platformId_subject: { platformId: platform.id, subject: person.subject } }, select: { user: { select } } });
  const email = emailSchema.safeParse(person.email ?? "");
  let user = linked?.user ?? null;
  let created = false;
  if (!user && platform.trustEmail && email.success) {
    // Never an administrator's account: a platform must not be able to become a site administrator.
    const byEmail = await tx.user.findFirst({ where: { email: email.data, siteAdmin: null }, select });
    if (byEmail) user = byEmail;
  }
  if (!user) {
    const taken = email.success ? (await tx.user.count({ where: { email: email.data } })) > 0 : true;
    user = await tx.user.create({
      data: {
        email: taken || !email.success ? placeholderEmail(platform.id, person.subject) : email.data,
        name: person.name,
        passwordHash: NO_PASSWORD,
        role: person.staff ? "instructor" : "student",
      },
      select,
    });
    created = true;
  }
  if (!linked) await tx.ltiAccount.create({ data: { platformId: platform.id, subject: person.subject, userId: user.id } });
  const updates: Prisma.UserUpdateInput = {};
  // The LMS says this person teaches: Chainrule's course staff must be instructors (decision 064).
  if (person.staff && user.role !== "instructor") updates.role = "instructor";
  if (person.name && person.name !== user.name && !created) updates.name = person.name;
  if (Object.keys(updates).length > 0) user = await tx.user.update({ where: { id: user.id }, data: updates, select });
  return { ...user, created };
}

/** Course membership for an LMS role: learners enrolled (and recorded for grade passback), staff co-teach. */
export async function applyCourseRole(tx: Tx, contextRowId: string, courseId: string | null, userId: string, role: Exclude<CourseRole, "none">): Promise<void> {
  if (role === "learner") {
    await tx.ltiMembership.upsert({ where: { contextId_userId: { contextId: contextRowId, userId } }, create: { contextId: contextRowId, userId }, update: {} });
    if (courseId) await tx.enrollment.upsert({ where: { userId_courseId: { userId, courseId } }, create: { userId, courseId }, update: {} });
    return;
  }
  if (!courseId) return;
  const course = await tx.course.findUnique({ where: { id: courseId }, select: { ownerId: true } });
  if (course && course.ownerId !== userId) {
    await tx.courseInstructor.upsert({ where: { courseId_userId: { courseId, userId } }, create: { courseId, userId }, update: {} });
  }
}

function customTarget(custom: Record<string, unknown> | undefined): { exerciseId?: string; assignmentId?: string; courseId?: string } {
  const item = custom?.[CUSTOM.item];
  const assignment = custom?.[CUSTOM.assignment];
  const course = custom?.[CUSTOM.course];
  if (typeof item === "string" && item !== "") return { exerciseId: item };
  if (typeof assignment === "string" && assignment !== "") return { assignmentId: assignment };
  if (typeof course === "string" && course !== "") return { courseId: course };
  return {};
}

const isUniqueViolation = (e: unknown) => e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002";

/**
 * Records a verified launch in one transaction: the nonce (a second use of it is refused), the
 * account and its LMS link, the LMS course and the person's role in the linked Chainrule course,
 * and the resource link with its grade service endpoints. Returns where to send the browser.
 */
export async function completeLaunch(launch: VerifiedLaunch, attempt = 1): Promise<CompletedLaunch> {
  const { platform, claims: c, payload, role } = launch;
  const context = c[CLAIM.context];
  if (!context) throw new LaunchRefusal("context", userText("ltiLaunch.noContext"), 400);
  const expiresAt = new Date(((payload.exp ?? 0) + CLOCK_TOLERANCE_SECONDS) * 1000);
  const nonce = typeof payload.nonce === "string" ? payload.nonce : "";
  try {
    return await withBusyRetry(() =>
      db().$transaction(async (tx) => {
        try {
          await tx.ltiNonce.create({ data: { platformId: platform.id, nonce, expiresAt } });
        } catch (e) {
          if (isUniqueViolation(e)) throw new LaunchRefusal("nonce", userText("ltiLaunch.replayed"));
          throw e;
        }
        await tx.ltiNonce.deleteMany({ where: { expiresAt: { lt: new Date() } } });

        const user = await accountForLmsUser(tx, platform, { subject: c.sub, email: c.email, name: displayName(c), staff: role === "staff" });
        const membershipsUrl = c[CLAIM.nrps]?.context_memberships_url;
        const title = (context.title ?? context.label ?? "").slice(0, 200);
        const contextRow = await tx.ltiContext.upsert({
          where: { platformId_contextId: { platformId: platform.id, contextId: context.id } },
          create: { platformId: platform.id, contextId: context.id, title, membershipsUrl: membershipsUrl ?? null },
          update: { title, ...(membershipsUrl ? { membershipsUrl } : {}) },
          select: { id: true, courseId: true, course: { select: { slug: true } } },
        });
        await applyCourseRole(tx, contextRow.id, contextRow.courseId, user.id, role);

        const done = (location: string): CompletedLaunch => ({
          userId: user.id,
          email: user.email,
          name: user.name,
          role: user.role,
          sessionVersion: user.sessionVersion,
          location,
          created: user.created,
        });
        const handover = async (next: HandoverToken["next"]) => `/lti/link-course?t=${encodeURIComponent(await signHandover({ userId: user.id, contextRowId: contextRow.id, next }))}`;

        if (launch.message.type === MESSAGE_TYPE.deepLinkingRequest) {
          const settings = launch.message.claims[CLAIM.deepLinkingSettings];
          const deepLink: DeepLinkHandover = {
            platformId: platform.id,
            deploymentId: c[CLAIM.deploymentId],
            contextRowId: contextRow.id,
            returnUrl: settings.deep_link_return_url,
            data: settings.data,
            acceptMultiple: settings.accept_multiple !== false,
            acceptLineItem: true,
          };
          if (!contextRow.courseId) return done(await handover({ kind: "deep-link", deepLink }));
          const token = await signHandover({ userId: user.id, contextRowId: contextRow.id, next: { kind: "deep-link", deepLink } });
          return done(`/lti/deep-link?t=${encodeURIComponent(token)}`);
        }

        const linkClaims = launch.message.claims;
        const ags = linkClaims[CLAIM.agsEndpoint];
        const resource = linkClaims[CLAIM.resourceLink];
        const target = customTarget(c[CLAIM.custom]);
        if (target.assignmentId) {
          // Checked before the link is stored (its foreign key would refuse a deleted one with a 500).
          const assignment = await tx.assignment.findUnique({ where: { id: target.assignmentId }, select: { courseId: true } });
          if (!assignment) throw new LaunchRefusal("resource link", userText("ltiLaunch.assignmentDeleted"), 404);
          if (contextRow.courseId && assignment.courseId !== contextRow.courseId) {
            throw new LaunchRefusal("resource link", userText("ltiLaunch.assignmentElsewhere"), 404);
          }
        }
        const agsData = { lineItemsUrl: ags?.lineitems ?? null, lineItemUrl: ags?.lineitem ?? null, agsScopes: (ags?.scope ?? []).join(" ") };
        const existingLink = await tx.ltiResourceLink.findUnique({ where: { contextId_resourceLinkId: { contextId: contextRow.id, resourceLinkId: resource.id } }, select: { lineItemUrl: true } });
        const link = await tx.ltiResourceLink.upsert({
          where: { contextId_resourceLinkId: { contextId: contextRow.id, resourceLinkId: resource.id } },
          create: { platformId: platform.id, contextId: contextRow.id, resourceLinkId: resource.id, title: (resource.title ?? "").slice(0, 200), ...agsData, ...target },
          // A line item found or created by Chainrule (lib/lti/ags.ts) is kept when the claim has none.
          update: { title: (resource.title ?? "").slice(0, 200), ...agsData, lineItemUrl: agsData.lineItemUrl ?? existingLink?.lineItemUrl ?? null, ...target },
          select: { id: true, exerciseId: true, assignmentId: true, courseId: true, exercise: { select: { slug: true, courseId: true } } },
        });
        if (!contextRow.courseId || !contextRow.course) {
          if (role === "staff") return done(await handover({ kind: "link", linkRowId: link.id }));
          return done("/lti/not-ready");
        }
        if (link.exerciseId) {
          if (!link.exercise || link.exercise.courseId !== contextRow.courseId) {
            throw new LaunchRefusal("resource link", userText("ltiLaunch.itemElsewhere"), 404);
          }
          return done(`/courses/${contextRow.course.slug}/${link.exercise.slug}`);
        }
        // An assignment: the course page at the assignment's section (its dates, the exam's start
        // button, its items), the same for learners and staff (decision 096).
        if (link.assignmentId) return done(`/courses/${contextRow.course.slug}#assignment-${link.assignmentId}`);
        if (link.courseId && link.courseId !== contextRow.courseId) {
          throw new LaunchRefusal("resource link", userText("ltiLaunch.courseElsewhere"), 404);
        }
        return done(`/courses/${contextRow.course.slug}`);
      }),
    );
  } catch (e) {
    // Two launches creating the same account or context at once: the loser's transaction rolled
    // back whole; its nonce is unused, so it may simply run again.
    if (isUniqueViolation(e) && attempt === 1) return completeLaunch(launch, 2);
    if (isUniqueViolation(e)) throw new LaunchRefusal("launch", userText("ltiLaunch.collided"), 409);
    throw e;
  }
}
