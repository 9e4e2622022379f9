// What went wrong talking to PostgreSQL, in one sentence an operator can act on. Plain Node (no
// "server-only"): npm start's check (scripts/lib/project.ts) and next.config.js use it before the
// server runs, lib/data/sql-postgres.ts in the server's log (decision 058).
import pg from "pg";
import { redactedUrl } from "../env";

/** Connection settings shared by every pool: nothing waits on PostgreSQL without a limit. */
export const POSTGRES_TIMEOUTS = {
  /** Opening a connection (server down, host unreachable). */
  connectionTimeoutMillis: 5_000,
  /** One statement, enforced by the server. */
  statement_timeout: 15_000,
  /** Waiting for a row lock, enforced by the server; a lock error is retried (busy-retry.ts). */
  lock_timeout: 5_000,
  /** A transaction left open by a client that went away. */
  idle_in_transaction_session_timeout: 15_000,
  /** One statement, enforced by this process (a dead TCP connection answers nothing). */
  query_timeout: 20_000,
} as const;

function field(e: unknown, name: "code" | "message"): string {
  if (typeof e !== "object" || e === null || !(name in e)) return "";
  const value = (e as Record<string, unknown>)[name];
  return typeof value === "string" ? value : "";
}

function target(url: string): { where: string; user: string; database: string } {
  try {
    const u = new URL(url);
    return {
      where: `${u.hostname || "localhost"}:${u.port || "5432"}`,
      user: decodeURIComponent(u.username) || "(default user)",
      database: decodeURIComponent(u.pathname.slice(1)),
    };
  } catch {
    return { where: redactedUrl(url), user: "?", database: "?" };
  }
}

/**
 * A connection failure as one sentence naming host, user or database (never the password), or
 * null when `e` is not a connection problem (a failing statement, a constraint).
 */
export function describePostgresConnectionError(e: unknown, url: string): string | null {
  const { where, user, database } = target(url);
  const code = field(e, "code");
  const message = field(e, "message");
  // node-postgres reports a refused connection to every address of a host as one AggregateError.
  const cause: unknown = e instanceof AggregateError ? (e.errors as unknown[])[0] : undefined;
  const netCode = code || field(cause, "code");
  switch (netCode) {
    case "ECONNREFUSED":
      return `PostgreSQL refused the connection at ${where}: is the server running, on that port?`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `PostgreSQL host of DATABASE_URL not found (${where}): check the host name.`;
    case "ETIMEDOUT":
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return `PostgreSQL at ${where} cannot be reached (${netCode}): check the host and the network.`;
    case "ECONNRESET":
    case "57P01": // admin_shutdown
    case "57P02": // crash_shutdown
    case "57P03": // cannot_connect_now (starting up or shutting down)
      return `PostgreSQL at ${where} closed the connection (${message || netCode}): it is restarting or stopped.`;
    case "28P01":
      return `PostgreSQL at ${where} rejected the password of user "${user}": check DATABASE_URL.`;
    case "28000":
      return `PostgreSQL at ${where} does not let user "${user}" connect to database "${database}" (${message}).`;
    case "3D000":
      return `PostgreSQL at ${where} has no database "${database}": create it (createdb ${database}) or fix DATABASE_URL.`;
    default:
      break;
  }
  if (/timeout exceeded when trying to connect|Connection terminated/i.test(message)) {
    return `PostgreSQL at ${where} did not answer in time (${message}): is it running and reachable?`;
  }
  return null;
}

/**
 * Connects once with DATABASE_URL's credentials and runs a trivial query; resolves to null when
 * that works, otherwise to the reason in one sentence.
 */
export async function probePostgres(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: POSTGRES_TIMEOUTS.connectionTimeoutMillis });
  // A connection that fails after connecting must not crash the process through an unhandled 'error'.
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (e) {
    return describePostgresConnectionError(e, url) ?? `PostgreSQL at ${target(url).where}: ${field(e, "message") || String(e)}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}
