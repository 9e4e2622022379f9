// Steps shared by scripts/start.ts (the README's `npm start`) and the test global setups:
// local environment, Prisma client generation, migrations, seed, and a build cache.
// Plain Node + child processes only: nothing here imports the generated client.
import { spawn, type SpawnOptions } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../lib/data/demo-accounts";
import { verifyPassword } from "../../lib/data/passwords";
import { probePostgres } from "../../lib/data/postgres-errors";
import { numberedPlaceholders, type SqlValue } from "../../lib/data/sql";
import { databaseEngineOf, databaseFileFromUrl, redactedUrl, resolveDatabaseUrl } from "../../lib/env";
import { POSTGRES_MIGRATIONS, POSTGRES_SCHEMA, SQLITE_MIGRATIONS, SQLITE_SCHEMA } from "./postgres-schema";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");
const BIN = path.join(ROOT, "node_modules", ".bin");
const ENV_FILE = path.join(ROOT, ".env");
const GENERATED_DIR = path.join(ROOT, "lib", "generated");
const GENERATED_STAMP = path.join(GENERATED_DIR, ".schema-hash");
const BUILD_STAMP = path.join(ROOT, ".next", "chainrule-inputs.sha256");

/**
 * What `next build` output depends on. Tests (*.test.ts, tests/) are not part of the app, and
 * exercise packages are read from the database / disk at run time, not built in.
 */
const BUILD_INPUTS = [
  "app",
  "components",
  "pages",
  "lib",
  "public",
  "proxy.ts",
  "instrumentation.ts",
  "next.config.js",
  "tsconfig.json",
  "package-lock.json",
  "prisma/schema.prisma",
  "prisma/postgresql/schema.prisma",
];
const BUILD_INPUT_EXCLUDES = new Set(["lib/generated", "node_modules", ".next"]);

export function log(message: string): void {
  process.stdout.write(`[chainrule] ${message}\n`);
}

/** The Node line the project runs on (isolated-vm 7 needs it; decision 051). */
export const NODE_MAJOR = 24;

/**
 * Fails fast, with the way out, when this process is not on Node 24: the native addons were built
 * for it, and on another Node they fail later with an obscure ABI error.
 */
export function assertSupportedNode(): void {
  const major = Number(process.versions.node.split(".")[0]);
  if (major === NODE_MAJOR) return;
  throw new Error(
    `Chainrule runs on Node ${NODE_MAJOR}, but this is Node ${process.versions.node}. ` +
      `On Linux x64, \`npm ci\` installs Node ${NODE_MAJOR} into node_modules and the npm scripts use it: ` +
      `run the project through npm (npm start, npm test). Elsewhere, install Node ${NODE_MAJOR} and run \`npm ci\` with it.`,
  );
}

/**
 * A command of node_modules/.bin as [this Node, its script]: children run on the same Node as this
 * process, whatever `node` the PATH would find through the script's shebang.
 */
export function binCommand(name: string, args: readonly string[] = []): [string, string[]] {
  return [process.execPath, [fs.realpathSync(path.join(BIN, name)), ...args]];
}

/** Runs a command from node_modules/.bin (or node itself), inheriting output; rejects on failure. */
export function run(command: string, args: readonly string[], options: SpawnOptions = {}): Promise<void> {
  const [bin, argv] = command === "node" ? [process.execPath, [...args]] : binCommand(command, args);
  return new Promise((resolve, reject) => {
    const child = spawn(bin, argv, { cwd: ROOT, stdio: "inherit", env: process.env, ...options });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(" ")} failed (${signal ?? `exit ${String(code)}`})`));
    });
  });
}

/**
 * Makes a fresh clone work without configuration: telemetry off, a NEXTAUTH_SECRET generated once
 * into the git-ignored .env, DATABASE_URL defaulting to the embedded SQLite file, NEXTAUTH_URL to
 * localhost:PORT. Variables already set in the environment win over .env.
 */
export function prepareEnvironment(port: number): void {
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  if (!process.env.NEXTAUTH_SECRET) {
    const existing = fs.existsSync(ENV_FILE) ? fs.readFileSync(ENV_FILE, "utf8") : "";
    if (!/^NEXTAUTH_SECRET=\S{32,}/m.test(existing)) {
      const secret = randomBytes(32).toString("base64url");
      const prefix = existing === "" || existing.endsWith("\n") ? "" : "\n";
      fs.writeFileSync(ENV_FILE, `${existing}${prefix}# Generated on first start; keep it private.\nNEXTAUTH_SECRET=${secret}\n`);
      log("generated NEXTAUTH_SECRET into .env");
    }
    process.loadEnvFile(ENV_FILE);
  }
  process.env.DATABASE_URL = resolveDatabaseUrl(process.env.DATABASE_URL, ROOT);
  process.env.NEXTAUTH_URL ??= `http://localhost:${port}`;
}

function hashFiles(relativePaths: readonly string[], { skipTests = true } = {}): string {
  const hash = createHash("sha256");
  const visit = (rel: string): void => {
    if (BUILD_INPUT_EXCLUDES.has(rel)) return;
    const abs = path.join(ROOT, rel);
    const stat = fs.statSync(abs, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(abs).sort()) visit(path.posix.join(rel, name));
    } else if (stat.isFile() && !(skipTests && /\.test\.tsx?$/.test(rel))) {
      hash.update(rel).update("\0").update(fs.readFileSync(abs)).update("\0");
    }
  };
  for (const rel of relativePaths) visit(rel);
  return hash.digest("hex");
}

function readStamp(file: string): string | null {
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : null;
}

/**
 * `prisma generate` for both engines' clients (lib/data/db.ts imports both, decision 055) unless
 * they were generated from these exact schemas and Prisma version.
 */
export async function generateClientIfStale(): Promise<void> {
  const want = hashFiles([SQLITE_SCHEMA, POSTGRES_SCHEMA, "node_modules/prisma/package.json"]);
  const clients = ["prisma", "prisma-pg"].map((dir) => path.join(GENERATED_DIR, dir, "client.ts"));
  if (readStamp(GENERATED_STAMP) === want && clients.every((file) => fs.existsSync(file))) return;
  log("generating Prisma clients");
  await run("prisma", ["generate", "--schema", SQLITE_SCHEMA]);
  await run("prisma", ["generate", "--schema", POSTGRES_SCHEMA]);
  fs.writeFileSync(GENERATED_STAMP, want);
}

export async function migrateDeploy(): Promise<void> {
  await run("prisma", ["migrate", "deploy"]);
}

const databaseUrl = (): string => resolveDatabaseUrl(process.env.DATABASE_URL, ROOT);
const onPostgres = (): boolean => databaseEngineOf(databaseUrl()) === "postgresql";

/**
 * Rows of a read-only query on DATABASE_URL's database straight through its driver, not Prisma (a
 * restart stays fast); null when there is no database yet (no SQLite file, no such table).
 */
async function queryDatabase<T>(sql: string, ...params: SqlValue[]): Promise<T[] | null> {
  const url = databaseUrl();
  if (onPostgres()) {
    const client = new pg.Client({ connectionString: url });
    client.on("error", () => undefined);
    try {
      await client.connect();
      return (await client.query(numberedPlaceholders(sql), params)).rows as T[];
    } catch {
      return null;
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  const dbFile = databaseFileFromUrl(url);
  if (!fs.existsSync(dbFile)) return null;
  const database = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return database.prepare(sql).all(...params) as T[];
  } catch {
    return null;
  } finally {
    database.close();
  }
}

/**
 * Stops `npm start` with one sentence when DATABASE_URL names a PostgreSQL server that cannot be
 * used: unreachable, wrong password, no such database (decision 058). A SQLite file is created on
 * first use.
 */
export async function checkDatabaseReachable(): Promise<void> {
  const url = databaseUrl();
  if (!onPostgres()) return;
  const problem = await probePostgres(url);
  if (problem) throw new Error(`DATABASE_URL (${redactedUrl(url)}): ${problem}`);
}

/** Names of the migrations the database has applied, or null when it has no migration table yet. */
async function appliedMigrations(): Promise<Set<string> | null> {
  const rows = await queryDatabase<{ name: string }>(
    "SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
  );
  return rows && new Set(rows.map((r) => r.name));
}

/**
 * `prisma migrate deploy` only when a committed migration (of DATABASE_URL's engine) is missing
 * from the database. The CLI costs seconds per call; reading _prisma_migrations directly costs
 * milliseconds, which keeps a restart fast. Anything unusual (no table, failed migration) goes
 * through the CLI.
 */
export async function migrateIfPending(): Promise<void> {
  const applied = await appliedMigrations();
  const committed = fs.readdirSync(path.join(ROOT, onPostgres() ? POSTGRES_MIGRATIONS : SQLITE_MIGRATIONS)).filter((name) => /^\d+_/.test(name));
  if (applied && committed.every((name) => applied.has(name))) return;
  await migrateDeploy();
}

export async function seed(): Promise<void> {
  // react-server makes `import "server-only"` (lib/data) a no-op outside Next.
  await run("tsx", ["--conditions=react-server", "prisma/seed.ts"]);
}

/**
 * Where the seed stamp of DATABASE_URL's database lives, and what identifies that database: a
 * recreated one must be seeded again. SQLite: beside the file, its inode; PostgreSQL: under data/,
 * the database's oid.
 */
async function seedStamp(): Promise<{ file: string; identity: string | null }> {
  const url = databaseUrl();
  if (onPostgres()) {
    const u = new URL(url);
    const name = `${u.hostname}-${u.port || "5432"}-${decodeURIComponent(u.pathname.slice(1))}`.replace(/[^\w.-]/g, "_");
    const rows = await queryDatabase<{ oid: number }>("SELECT oid FROM pg_database WHERE datname = current_database()");
    return { file: path.join(ROOT, "data", `postgres-${name}.seed-stamp`), identity: rows?.[0] ? `oid ${String(rows[0].oid)}` : null };
  }
  const dbFile = databaseFileFromUrl(url);
  const stat = fs.statSync(dbFile, { throwIfNoEntry: false });
  return { file: `${dbFile}.seed-stamp`, identity: stat ? String(stat.ino) : null };
}

/**
 * The seed is idempotent but loads and bundles every exercise package (seconds). Skip it when
 * neither its inputs nor the database changed since the last successful run: the stamp records
 * both (a recreated database has a new identity).
 */
export async function seedIfChanged(): Promise<void> {
  const inputs = hashFiles(["prisma/seed.ts", SQLITE_MIGRATIONS, POSTGRES_MIGRATIONS, "exercises", "lib/data", "lib/exercises", "lib/engine"], {
    skipTests: false, // exercise packages may contain *.test.ts files of their own
  });
  const before = await seedStamp();
  if (before.identity !== null && readStamp(before.file) === `${inputs} ${before.identity}`) return;
  await seed();
  const after = await seedStamp();
  if (after.identity === null) return;
  fs.mkdirSync(path.dirname(after.file), { recursive: true });
  fs.writeFileSync(after.file, `${inputs} ${after.identity}`);
}

/**
 * The start log's line about the demo accounts, while any of them exists (null when none does):
 * which ones, and whether they still have the shared demo password. Read straight from the
 * database, like appliedMigrations, so a restart stays fast.
 */
export async function demoAccountsNotice(): Promise<string | null> {
  const emails = DEMO_ACCOUNTS.map((a) => a.email);
  const rows =
    (await queryDatabase<{ email: string; passwordHash: string }>(
      `SELECT "email", "passwordHash" FROM "User" WHERE "email" IN (${emails.map(() => "?").join(", ")})`,
      ...emails,
    )) ?? [];
  if (rows.length === 0) return null;
  const described = await Promise.all(
    rows.map(async (r) => `${r.email} (${(await verifyPassword(DEMO_PASSWORD, r.passwordHash)) ? `password ${DEMO_PASSWORD}` : "password changed"})`),
  );
  return `demo accounts, for local demos only (delete them or set DEMO_SEED=off on a shared server): ${described.join(", ")}`;
}

/** Runs `next build` only when an input changed since the last successful build. */
export async function buildIfStale(): Promise<boolean> {
  const want = hashFiles(BUILD_INPUTS);
  if (readStamp(BUILD_STAMP) === want && fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) return false;
  log("sources changed since the last build: running next build (about 2 minutes)");
  const started = Date.now();
  await run("next", ["build"]);
  fs.writeFileSync(BUILD_STAMP, want);
  log(`build finished in ${Math.round((Date.now() - started) / 1000)} s`);
  return true;
}

/** Polls `url` until it answers 200 or `timeoutMs` passes. */
export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
