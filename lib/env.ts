// Environment schema shared by the app (lib/env.server.ts), next.config.js (so a bad environment
// fails the build), prisma.config.ts and scripts. No "server-only" here: plain Node loads it too.
import path from "node:path";
import proxyAddr from "proxy-addr";
import { z } from "zod";

/** Embedded SQLite file used when DATABASE_URL is not set (git-ignored `data/`). */
export const DEFAULT_DATABASE_URL = "file:./data/chainrule.db";

/** The database behind a DATABASE_URL: the embedded SQLite file, or a PostgreSQL server (decision 055). */
export type DatabaseEngine = "sqlite" | "postgresql";

const POSTGRES_SCHEMES = ["postgresql:", "postgres:"];

/** Which engine a DATABASE_URL names, or null for any other scheme. */
export function databaseEngineOf(url: string): DatabaseEngine | null {
  if (url.startsWith("file:")) return "sqlite";
  return POSTGRES_SCHEMES.some((s) => url.startsWith(`${s}//`)) ? "postgresql" : null;
}

/** What is wrong with a PostgreSQL URL, in words an operator can act on; null when it is usable. */
export function postgresUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "is not a valid URL (postgresql://user:password@host:5432/database; percent-encode special characters in the password)";
  }
  if (parsed.hostname === "" && !parsed.searchParams.has("host")) return "names no host (postgresql://user:password@host:5432/database)";
  if (parsed.pathname.replace(/^\//, "") === "") return "names no database (postgresql://user:password@host:5432/database)";
  return null;
}

/**
 * DATABASE_URL as every process must see it (default: the embedded SQLite file). A SQLite `file:`
 * URL becomes an absolute path, so the CLI, the shim, the seed and the server all open the same
 * file whatever their working directory or URL base rules are; a PostgreSQL URL is kept as given.
 */
export function resolveDatabaseUrl(raw: string | undefined, cwd: string = process.cwd()): string {
  const url = raw === undefined || raw.trim() === "" ? DEFAULT_DATABASE_URL : raw.trim();
  const engine = databaseEngineOf(url);
  if (engine === null) {
    throw new Error(`DATABASE_URL must be a SQLite "file:" URL or a "postgresql://" URL (got "${redactedUrl(url)}")`);
  }
  if (engine === "postgresql") {
    const problem = postgresUrlProblem(url);
    if (problem) throw new Error(`DATABASE_URL ${problem}`);
    return url;
  }
  const file = url.slice("file:".length).replace(/\?.*$/, "");
  return `file:${path.resolve(cwd, file)}`;
}

/** The URL with its password hidden, for messages and logs. */
export function redactedUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*:)[^@/]*@/i, "$1***@");
}

/** The file system path behind a `file:` URL. */
export function databaseFileFromUrl(url: string): string {
  const resolved = resolveDatabaseUrl(url);
  if (databaseEngineOf(resolved) !== "sqlite") throw new Error("not a SQLite file: URL");
  return resolved.slice("file:".length);
}

/**
 * TRUSTED_PROXIES: the reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed, as
 * a comma-separated list of addresses, CIDR ranges or proxy-addr's names (loopback, linklocal,
 * uniquelocal). Empty: nothing is trusted, the client is the TCP peer (decision 060).
 */
export const trustedProxiesSchema = z
  .string()
  .optional()
  .transform((v) => (v ?? "").split(",").map((s) => s.trim()).filter((s) => s !== ""))
  .superRefine((list, ctx) => {
    try {
      if (list.length > 0) proxyAddr.compile(list);
    } catch (e) {
      ctx.addIssue({ code: "custom", message: `not an address, CIDR range or loopback/linklocal/uniquelocal (${e instanceof Error ? e.message : String(e)})` });
    }
  });

/** An empty variable (`REDIS_URL=` in .env) means unset, as a shell user would expect. */
const blankAsUnset = (v: unknown) => (v === "" ? undefined : v);

export const serverEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  // The embedded SQLite file by default; a postgresql:// URL for a database server (decision 055).
  DATABASE_URL: z
    .string()
    .optional()
    .superRefine((v, ctx) => {
      const url = v?.trim() ?? "";
      if (url === "") return;
      const engine = databaseEngineOf(url);
      if (engine === null) ctx.addIssue({ code: "custom", message: `must be a SQLite "file:" URL or a "postgresql://" URL (got "${redactedUrl(url)}")` });
      const problem = engine === "postgresql" ? postgresUrlProblem(url) : null;
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .transform((v) => resolveDatabaseUrl(v)),
  // next-auth signs and encrypts the session JWT with it; short secrets are brute-forceable.
  NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters (scripts/start.mjs generates one into .env)"),
  NEXTAUTH_URL: z.url().optional(),
  TRUSTED_PROXIES: trustedProxiesSchema,
  // Rate-limit counters in Redis, shared by every web server (decision 062); memory when unset.
  REDIS_URL: z.preprocess(blankAsUnset, z.url({ protocol: /^rediss?$/, error: "must be a redis:// or rediss:// URL" }).optional()),
  // The demo accounts and their enrolment on a fresh database: on for the local quick start,
  // off for any deployment (decision 064).
  DEMO_SEED: z.preprocess(blankAsUnset, z.stringbool({ error: "must be on or off" }).default(true)),
  // Password reset mails (decision 121): smtp:// (STARTTLS when offered) or smtps://, with
  // user:password@ when the server wants them. Unset: /forgot-password says to ask an instructor.
  SMTP_URL: z.preprocess(blankAsUnset, z.url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// URL (smtp://user:password@host:587)" }).optional()),
  // The mails' From address; default no-reply@ the host of NEXTAUTH_URL.
  MAIL_FROM: z.preprocess(blankAsUnset, z.email({ error: "must be an email address" }).optional()),
});

export type ServerEnv = z.infer<typeof serverEnvSchema>;

const id = z.coerce.number().int().min(0).max(2 ** 31 - 1);

/** The server's grader processes (lib/grading/server-grader.ts, docs/security.md). */
export const graderEnvSchema = z
  .object({
    /** Isolates in the fast lane's grader; default: cores + 1. */
    CHAINRULE_GRADER_POOL_SIZE: z.coerce.number().int().min(1).max(64).optional(),
    /** Run the grader processes as this user and group (the server needs the privilege to switch). */
    CHAINRULE_GRADER_UID: id.optional(),
    CHAINRULE_GRADER_GID: id.optional(),
  })
  .refine((e) => (e.CHAINRULE_GRADER_UID === undefined) === (e.CHAINRULE_GRADER_GID === undefined), {
    message: "CHAINRULE_GRADER_UID and CHAINRULE_GRADER_GID go together",
  });

export type GraderEnv = z.infer<typeof graderEnvSchema>;

/**
 * A grader worker (npm run -s grader:worker, lib/submissions/bullmq/consumer.ts): it takes jobs
 * from Redis and records results in the database, so it needs both; its grader processes get
 * neither (graderEnvironment).
 */
export const workerEnvSchema = z.object({
  REDIS_URL: z.preprocess(
    blankAsUnset,
    z.url({ protocol: /^rediss?$/, error: "must be the redis:// URL the web servers use (grader workers take their jobs from Redis)" }),
  ),
  DATABASE_URL: serverEnvSchema.shape.DATABASE_URL,
  /** Submission jobs this worker takes at once (its grader client paces them); default: what its fast lane takes at once. */
  CHAINRULE_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).optional(),
  /**
   * How long a job stays locked to this worker without a renewal: a worker killed mid-job has its
   * jobs picked up by another after at most about this long (stalled-job detection).
   */
  CHAINRULE_WORKER_LOCK_MS: z.coerce.number().int().min(1_000).max(600_000).default(20_000),
});

export type WorkerEnv = z.infer<typeof workerEnvSchema>;

/** Parses a grader worker's settings or throws naming every problem. */
export function parseWorkerEnv(source: Record<string, string | undefined>): WorkerEnv {
  const parsed = workerEnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${i.path.join(".") || "(env)"}: ${i.message}`).join("\n");
    throw new Error(`Invalid grader worker settings:\n${problems}`);
  }
  return parsed.data;
}

/** Parses the grader settings or throws naming every problem. */
export function parseGraderEnv(source: Record<string, string | undefined>): GraderEnv {
  const parsed = graderEnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${i.path.join(".") || "CHAINRULE_GRADER_UID/GID"}: ${i.message}`).join("\n");
    throw new Error(`Invalid grader settings:\n${problems}`);
  }
  return parsed.data;
}

/** Parses the environment or throws one error that lists every problem. */
export function parseServerEnv(source: Record<string, string | undefined>): ServerEnv {
  const parsed = serverEnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${i.path.join(".") || "(env)"}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  return parsed.data;
}
