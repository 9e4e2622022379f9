import { Redis } from "ioredis";

// The one way this app connects to Redis (REDIS_URL): rate-limit counters (lib/auth/rate-limits)
// and the BullMQ submission queue (lib/submissions/bullmq). No "server-only": the grader worker
// (scripts/grader-worker.ts) connects with it too.

export interface RedisConnectionOptions {
  /** Names the connection in log lines: "rate limits", "queue". */
  purpose: string;
  /**
   * What the log says happens meanwhile while Redis is unreachable, so an operator reading it
   * knows whether anything is lost (e.g. "submissions are stored and graded when it is back").
   */
  meanwhile: string;
  /**
   * BullMQ workers and event readers block on Redis and must retry every command until it is
   * back (maxRetriesPerRequest null). Everything else fails fast while disconnected, so a request
   * never hangs on Redis.
   */
  blocking?: boolean;
}

/** The address part of a Redis URL, without credentials, for log lines. */
export function redisAddress(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname === "/" ? "" : u.pathname}`;
  } catch {
    return "(unparsable REDIS_URL)";
  }
}

/** How long a reconnect waits: 100 ms doubling to 5 s, for ever (Redis may come back any time). */
function retryDelay(times: number): number {
  return Math.min(5_000, 100 * 2 ** Math.min(times, 6));
}

export function connectRedis(url: string, options: RedisConnectionOptions): Redis {
  const client = new Redis(url, {
    enableOfflineQueue: options.blocking === true,
    maxRetriesPerRequest: options.blocking ? null : 1,
    retryStrategy: retryDelay,
    connectionName: `chainrule ${options.purpose}`,
  });
  let warnedAt = 0;
  let down = false;
  client.on("error", (e: unknown) => {
    // Without a listener ioredis logs every reconnect failure as an unhandled error; one line a
    // minute says what is wrong and what happens meanwhile.
    down = true;
    if (Date.now() - warnedAt < 60_000) return;
    warnedAt = Date.now();
    console.warn(`[chainrule] Redis at ${redisAddress(url)} unavailable for ${options.purpose} (${e instanceof Error ? e.message : String(e)}); ${options.meanwhile}`);
  });
  client.on("ready", () => {
    if (!down) return;
    down = false;
    warnedAt = 0;
    console.warn(`[chainrule] Redis at ${redisAddress(url)} is back for ${options.purpose}`);
  });
  return client;
}
