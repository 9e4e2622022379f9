import "server-only";
import { z } from "zod";
import { db } from "@/lib/data/db";
import { withBusyRetry } from "@/lib/data/busy-retry";
import { AccessError, assertInstructor, type Viewer } from "@/lib/data/access";
import { emailSchema } from "@/lib/data/users";
import type { Prisma } from "@/lib/generated/prisma/client";
import { cspOrigin, setRegisteredFrameOrigins } from "./frame-origins";

// The platform registry: which LMSs may launch Chainrule (issuer + client id, their endpoints and
// deployment ids), the values an LMS administrator pastes into the LMS, and who may change the
// registry (site administrators, SiteAdmin; the operator's command line needs nobody).

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * An https URL, or http on a loopback host (a local LMS or the test simulator): a platform's
 * endpoints carry signed identities and grades, and the spec requires TLS for them.
 */
export const platformUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .refine((v) => URL.canParse(v), "must be an absolute URL")
  .refine((v) => {
    if (!URL.canParse(v)) return true;
    const url = new URL(v);
    return url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK.has(url.hostname));
  }, "must be https:// (http:// only on localhost)");

const originSchema = platformUrlSchema.transform((v) => cspOrigin(v) ?? v);

export const platformInputSchema = z.object({
  name: z.string().trim().min(1, "a name is required").max(100),
  issuer: platformUrlSchema.refine((v) => !URL.canParse(v) || (new URL(v).search === "" && new URL(v).hash === ""), "the issuer has no query or fragment"),
  clientId: z.string().trim().min(1, "the client id is required").max(255),
  authLoginUrl: platformUrlSchema,
  tokenUrl: platformUrlSchema,
  jwksUrl: platformUrlSchema,
  tokenAudience: z.string().trim().max(2048).optional(),
  deploymentIds: z.array(z.string().trim().min(1).max(255)).min(1, "at least one deployment id is required").max(50),
  frameOrigins: z.array(originSchema).max(20).default([]),
  trustEmail: z.boolean().default(false),
});
export type PlatformInput = z.input<typeof platformInputSchema>;

export interface PlatformDto {
  id: string;
  name: string;
  issuer: string;
  clientId: string;
  authLoginUrl: string;
  tokenUrl: string;
  jwksUrl: string;
  tokenAudience: string | null;
  deploymentIds: string[];
  frameOrigins: string[];
  trustEmail: boolean;
  createdAt: Date;
}

const platformSelect = {
  id: true,
  name: true,
  issuer: true,
  clientId: true,
  authLoginUrl: true,
  tokenUrl: true,
  jwksUrl: true,
  tokenAudience: true,
  frameOrigins: true,
  trustEmail: true,
  createdAt: true,
  deployments: { select: { deploymentId: true }, orderBy: { createdAt: "asc" } },
} as const satisfies Prisma.LtiPlatformSelect;

type PlatformRow = Prisma.LtiPlatformGetPayload<{ select: typeof platformSelect }>;

function toDto(row: PlatformRow): PlatformDto {
  return {
    id: row.id,
    name: row.name,
    issuer: row.issuer,
    clientId: row.clientId,
    authLoginUrl: row.authLoginUrl,
    tokenUrl: row.tokenUrl,
    jwksUrl: row.jwksUrl,
    tokenAudience: row.tokenAudience,
    deploymentIds: row.deployments.map((d) => d.deploymentId),
    frameOrigins: frameOriginsOf(row),
    trustEmail: row.trustEmail,
    createdAt: row.createdAt,
  };
}

/**
 * Origins that may frame Chainrule for this platform: the issuer's and the login endpoint's (where
 * Moodle and most LMSs serve their pages) plus those registered explicitly (Canvas serves courses
 * from the school's own domain, e.g. https://school.instructure.com).
 */
export function frameOriginsOf(platform: { issuer: string; authLoginUrl: string; frameOrigins: string }): string[] {
  const listed = platform.frameOrigins.split(/\s+/).filter((o) => o !== "");
  return [...new Set([platform.issuer, platform.authLoginUrl, ...listed].map(cspOrigin).filter((o): o is string => o !== null))];
}

export type RegisterResult = { ok: true; platform: PlatformDto; created: boolean } | { ok: false; errors: string[] };

function problems(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`);
}

/**
 * Registers a platform, or updates the one with the same issuer and client id (new endpoints, new
 * deployment ids added; ids already known stay). For the operator's command line: no viewer.
 */
export async function registerPlatform(raw: unknown): Promise<RegisterResult> {
  const parsed = platformInputSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: problems(parsed.error) };
  const input = parsed.data;
  const data = {
    name: input.name,
    authLoginUrl: input.authLoginUrl,
    tokenUrl: input.tokenUrl,
    jwksUrl: input.jwksUrl,
    tokenAudience: input.tokenAudience === undefined || input.tokenAudience === "" ? null : input.tokenAudience,
    frameOrigins: input.frameOrigins.join(" "),
    trustEmail: input.trustEmail,
  };
  const result = await withBusyRetry(() =>
    db().$transaction(async (tx) => {
      const existing = await tx.ltiPlatform.findUnique({ where: { issuer_clientId: { issuer: input.issuer, clientId: input.clientId } }, select: { id: true } });
      const platform = existing
        ? await tx.ltiPlatform.update({ where: { id: existing.id }, data, select: { id: true } })
        : await tx.ltiPlatform.create({ data: { ...data, issuer: input.issuer, clientId: input.clientId }, select: { id: true } });
      for (const deploymentId of new Set(input.deploymentIds)) {
        await tx.ltiDeployment.upsert({
          where: { platformId_deploymentId: { platformId: platform.id, deploymentId } },
          create: { platformId: platform.id, deploymentId },
          update: {},
        });
      }
      const row = await tx.ltiPlatform.findUniqueOrThrow({ where: { id: platform.id }, select: platformSelect });
      return { platform: toDto(row), created: !existing };
    }),
  );
  await refreshFrameOrigins();
  return { ok: true, ...result };
}

/** Removes a platform with everything that hangs off it (links, accounts' links, outbox rows). */
export async function removePlatform(platformId: string): Promise<boolean> {
  const removed = await withBusyRetry(() => db().ltiPlatform.deleteMany({ where: { id: platformId } }));
  await refreshFrameOrigins();
  return removed.count === 1;
}

export async function listPlatforms(): Promise<PlatformDto[]> {
  const rows = await db().ltiPlatform.findMany({ orderBy: { createdAt: "asc" }, select: platformSelect });
  return rows.map(toDto);
}

/** Loads every registered platform's frame origins into the list proxy.ts reads. */
export async function refreshFrameOrigins(): Promise<readonly string[]> {
  const rows = await db().ltiPlatform.findMany({ select: { issuer: true, authLoginUrl: true, frameOrigins: true } });
  const origins = rows.flatMap(frameOriginsOf);
  setRegisteredFrameOrigins(origins);
  return origins;
}

// Site administrators -----------------------------------------------------------------------

export async function isSiteAdmin(userId: string): Promise<boolean> {
  return (await db().siteAdmin.count({ where: { userId } })) === 1;
}

/** An instructor who is a site administrator, or AccessError 401/403. */
export async function requireSiteAdmin(viewer: Viewer | null | undefined): Promise<Viewer> {
  const user = assertInstructor(viewer);
  if (!(await isSiteAdmin(user.id))) throw new AccessError(403, "Only site administrators manage LMS platforms (the operator names them: npm run -s lti:admin -- --email <e>).");
  return user;
}

export type AdminChange = { ok: true; changed: boolean } | { ok: false; message: string };

/** The operator makes an instructor account a site administrator (or removes it with `admin: false`). */
export async function setSiteAdminByEmail(rawEmail: string, admin: boolean): Promise<AdminChange> {
  const email = emailSchema.safeParse(rawEmail);
  if (!email.success) return { ok: false, message: `--email: ${email.error.issues[0]?.message ?? "invalid"}` };
  const user = await db().user.findUnique({ where: { email: email.data }, select: { id: true, role: true } });
  if (!user) return { ok: false, message: `no account has the email ${email.data}` };
  if (admin && user.role !== "instructor") return { ok: false, message: `${email.data} is a student account; site administrators are instructors (npm run -s user:set-role)` };
  if (!admin) return { ok: true, changed: (await db().siteAdmin.deleteMany({ where: { userId: user.id } })).count === 1 };
  const existing = await db().siteAdmin.findUnique({ where: { userId: user.id } });
  if (existing) return { ok: true, changed: false };
  await db().siteAdmin.create({ data: { userId: user.id } });
  return { ok: true, changed: true };
}

// What an LMS administrator pastes into the LMS ----------------------------------------------

/** Chainrule's public URL (NEXTAUTH_URL; `npm start` defaults it to http://localhost:$PORT). */
export function toolBaseUrl(): string {
  const base = process.env.NEXTAUTH_URL;
  return (base && URL.canParse(base) ? new URL(base).origin : "http://localhost:3000").replace(/\/$/, "");
}

export interface ToolRegistrationValues {
  /** OpenID Connect login initiation URL. */
  loginUrl: string;
  /** Redirect URI (the only one) and target link URI of every launch. */
  launchUrl: string;
  /** Deep-linking (content selection) URL: the same endpoint; the message type tells them apart. */
  deepLinkingUrl: string;
  jwksUrl: string;
  /** The tool's domain, for LMSs that ask for it. */
  domain: string;
}

export function toolRegistrationValues(base = toolBaseUrl()): ToolRegistrationValues {
  return {
    loginUrl: `${base}/api/lti/login`,
    launchUrl: `${base}/api/lti/launch`,
    deepLinkingUrl: `${base}/api/lti/launch`,
    jwksUrl: `${base}/api/lti/jwks`,
    domain: new URL(base).host,
  };
}
