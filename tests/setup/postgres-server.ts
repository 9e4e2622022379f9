// A real PostgreSQL server for the tests (decision 059): initdb into a temporary directory, then
// pg_ctl on a free loopback port, stopped at the end. Debian's `postgresql` package provides the
// binaries (`.ci/run` installs it when missing; POSTGRES_BIN_DIR for another installation).
// PostgreSQL refuses to run as root, and CI runs as root: there the server runs as the `postgres`
// OS user the package creates. Password authentication over TCP (so a wrong password can be
// tested), with durability off (fsync): a test server's data need not survive a power cut.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "../e2e/server";

export const POSTGRES_USER = "postgres";
export const POSTGRES_PASSWORD = "chainrule-test";
/** The migrated database each test file's database is copied from. */
export const TEMPLATE_DATABASE = "chainrule_template";

/** Debian's newest installed PostgreSQL, e.g. /usr/lib/postgresql/15/bin. */
export function postgresBinDir(): string {
  if (process.env.POSTGRES_BIN_DIR) return process.env.POSTGRES_BIN_DIR;
  const root = "/usr/lib/postgresql";
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions.map((v) => path.join(root, v, "bin")).find((dir) => fs.existsSync(path.join(dir, "pg_ctl")));
  if (!found) throw new Error("PostgreSQL is not installed: apt-get install -y postgresql (or set POSTGRES_BIN_DIR)");
  return found;
}

const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL program, as the postgres OS user when this process is root. */
function runPostgresTool(program: string, args: string[]): Promise<string> {
  const bin = path.join(postgresBinDir(), program);
  const [command, argv] = asRoot ? ["runuser", ["-u", POSTGRES_USER, "--", bin, ...args]] : [bin, args];
  return new Promise((resolve, reject) => {
    // cwd: a directory the postgres user may enter (the test's own may not be).
    const child = spawn(command, argv, { cwd: os.tmpdir(), stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LC_ALL: "C" } });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(output) : reject(new Error(`${program} ${args.join(" ")} failed (exit ${String(code)}):\n${output}`))));
  });
}

export interface PostgresServer {
  host: string;
  port: number;
  /** A connection URL to `database` with the test user's credentials. */
  url(database: string): string;
  /** Stops the server (fast shutdown: open connections are closed). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data (a restart while clients are connected). */
  start(): Promise<void>;
  /** Stops it and removes its data directory. */
  destroy(): Promise<void>;
  /** The postmaster's process id while it runs (pg_ctl detaches it: it is no child of ours). */
  pid(): number | null;
}

export async function startPostgresServer(): Promise<PostgresServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chainrule-pg-"));
  const data = path.join(dir, "data");
  const passwordFile = path.join(dir, "password");
  fs.writeFileSync(passwordFile, POSTGRES_PASSWORD);
  if (asRoot) {
    const { uid, gid } = postgresIds();
    fs.chownSync(dir, uid, gid);
    fs.chownSync(passwordFile, uid, gid);
  }
  await runPostgresTool("initdb", ["-D", data, "-U", POSTGRES_USER, `--pwfile=${passwordFile}`, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"]);
  let port = 0;
  const start = async (): Promise<void> => {
    const options = [
      `-p ${port}`,
      `-k ${dir}`,
      "-c listen_addresses=127.0.0.1",
      "-c fsync=off",
      "-c synchronous_commit=off",
      "-c full_page_writes=off",
      // A database per test file and two pools per process: more than the default 100.
      "-c max_connections=400",
    ].join(" ");
    await runPostgresTool("pg_ctl", ["-D", data, "-o", options, "-l", path.join(dir, "server.log"), "-w", "-t", "30", "start"]);
  };
  // The port can be taken between choosing and binding it: try another one.
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      await start();
      break;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
  const stop = async (): Promise<void> => {
    await runPostgresTool("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
  };
  return {
    host: "127.0.0.1",
    port,
    url: (database) => `postgresql://${POSTGRES_USER}:${POSTGRES_PASSWORD}@127.0.0.1:${port}/${database}`,
    stop,
    start,
    async destroy() {
      await stop().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
    pid() {
      try {
        const pid = Number(fs.readFileSync(path.join(data, "postmaster.pid"), "utf8").split("\n")[0]);
        return Number.isInteger(pid) && pid > 0 ? pid : null;
      } catch {
        return null;
      }
    },
  };
}

function postgresIds(): { uid: number; gid: number } {
  const line = fs
    .readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${POSTGRES_USER}:`));
  const [, , uid, gid] = line?.split(":") ?? [];
  if (uid === undefined || gid === undefined) throw new Error("no postgres OS user: apt-get install -y postgresql creates it");
  return { uid: Number(uid), gid: Number(gid) };
}

/** `url` with its database replaced by `database`. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

/** Runs one statement in the server's maintenance database "postgres" (create and drop databases there). */
async function onMaintenanceDatabase(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(url, "postgres") });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * A new, empty `database` on the server `url` points at (one of that name left by an earlier run is
 * dropped first); its URL. Migrate and seed it as DATABASE_URL (scripts/lib/project.ts).
 */
export async function createEmptyDatabase(url: string, database: string): Promise<string> {
  if (!DATABASE_NAME.test(database)) throw new Error(`not a plain database name: ${database}`);
  await onMaintenanceDatabase(url, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await onMaintenanceDatabase(url, `CREATE DATABASE "${database}"`);
  return withDatabase(url, database);
}

/** Drops `database` from the server `url` points at, ending its connections. */
export async function dropDatabase(url: string, database: string): Promise<void> {
  if (!DATABASE_NAME.test(database)) throw new Error(`not a plain database name: ${database}`);
  await onMaintenanceDatabase(url, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
}
