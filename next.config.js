// @ts-check
import path from "node:path";
import { PHASE_DEVELOPMENT_SERVER, PHASE_PRODUCTION_SERVER } from "next/constants.js";
import createNextIntlPlugin from "next-intl/plugin";
import { tsImport } from "tsx/esm/api";

// Fail the build (and `next start`) on a bad environment, with the same schema the server uses.
// Next has loaded .env by the time it evaluates this file.
const { databaseEngineOf, parseGraderEnv, parseServerEnv, redactedUrl } = await tsImport("./lib/env.ts", import.meta.url);
const { DATABASE_URL } = parseServerEnv(process.env);
parseGraderEnv(process.env);
const { securityHeaders } = await tsImport("./lib/security-headers.ts", import.meta.url);

process.env.NEXT_TELEMETRY_DISABLED = "1";

// next-intl without locale routing (issue 18): its request configuration decides each request's
// language from the user, the `locale` cookie or Accept-Language.
const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

/** @type {import("next").NextConfig} */
const nextConfig = {
  // Native modules and the grader's sandbox must be loaded by Node at run time, not bundled.
  serverExternalPackages: ["isolated-vm", "esbuild", "better-sqlite3", "@prisma/adapter-better-sqlite3", "pg", "@prisma/adapter-pg", "bcrypt", "bullmq", "ioredis"],
  // Bundled, never loaded by Node at run time: pages/api routes (decision 047) would otherwise
  // require the package's default entry, which throws; the bundler resolves it for server code.
  transpilePackages: ["server-only"],
  // Pin the tracing root to this project, not a parent folder that happens to hold a lockfile.
  outputFileTracingRoot: path.dirname(new URL(import.meta.url).pathname),
  poweredByHeader: false,
  // CSP and the usual hardening headers on every response (lib/security-headers.ts, decision 041);
  // proxy.ts replaces the CSP of pages with one carrying the response's nonce (decision 066).
  // "/(.*)", not "/:path*": with a named parameter Next compiles every header value containing a
  // colon (the CSP's data: and blob:) as a path template on every request (~0.2 ms each).
  headers: async () => [{ source: "/(.*)", headers: securityHeaders() }],
  experimental: {
    // forbidden() → app/forbidden.tsx with HTTP 403 for students on instructor pages.
    authInterrupts: true,
    // Every server action body is capped by Next before it is parsed (decision 065). The largest is
    // an item archive upload: MAX_ARCHIVE_BYTES (2 MB, lib/exercises/package-archive.ts) plus
    // multipart overhead; everything else is a few KB.
    serverActions: { bodySizeLimit: "2112kb" },
  },
};

/**
 * A server (not a build) on PostgreSQL says at once when the database cannot be used: wrong
 * password, no such database, nothing listening (decision 058). It starts anyway: a database that
 * is down comes back, and requests that need it fail until then instead of waiting.
 * @param {string} phase
 */
export default async function config(phase) {
  if ((phase === PHASE_PRODUCTION_SERVER || phase === PHASE_DEVELOPMENT_SERVER) && databaseEngineOf(DATABASE_URL) === "postgresql") {
    const { probePostgres } = await tsImport("./lib/data/postgres-errors.ts", import.meta.url);
    const problem = await probePostgres(DATABASE_URL);
    if (problem) console.warn(`[chainrule] DATABASE_URL (${redactedUrl(DATABASE_URL)}): ${problem} The server starts anyway; requests that need the database fail until it answers.`);
  }
  return withNextIntl(nextConfig);
}
