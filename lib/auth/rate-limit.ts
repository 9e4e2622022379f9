// A small in-memory sliding-window rate limiter. Per process: enough for the one-server default
// deployment; a multi-server deployment would need a shared store (see design.md, "Scale").

export interface RateLimitOptions {
  /** Attempts allowed per window. */
  limit: number;
  windowMs: number;
  /** Injected clock, for tests. */
  now?: () => number;
  /** Sweep idle keys once the map grows past this, so random keys cannot exhaust memory. */
  maxKeys?: number;
}

export type RateLimitDecision =
  | { allowed: true; remaining: number }
  | { allowed: false; retryAfterSeconds: number };

export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  private readonly maxKeys: number;

  constructor(options: RateLimitOptions) {
    if (options.limit < 1 || options.windowMs <= 0) throw new Error("RateLimiter: limit >= 1 and windowMs > 0 required");
    this.limit = options.limit;
    this.windowMs = options.windowMs;
    this.now = options.now ?? Date.now;
    this.maxKeys = options.maxKeys ?? 10_000;
  }

  /** Records one attempt for `key` unless the key is already over its limit. */
  consume(key: string): RateLimitDecision {
    const now = this.now();
    const recent = this.recentHits(key, now);
    const refusal = this.refusal(recent, now);
    // Blocked attempts are not recorded, so waiting out the window always works.
    if (refusal) return refusal;
    recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > this.maxKeys) this.sweep(now);
    return { allowed: true, remaining: this.limit - recent.length };
  }

  /**
   * What `consume` would answer, without recording anything: lets a caller with several limits
   * check them all first, so a refusal by one does not use up the others.
   */
  check(key: string): RateLimitDecision {
    const now = this.now();
    const recent = this.recentHits(key, now);
    return this.refusal(recent, now) ?? { allowed: true, remaining: this.limit - recent.length - 1 };
  }

  /** Forgets a key's attempts (e.g. after a successful sign-in). */
  reset(key: string): void {
    this.hits.delete(key);
  }

  private refusal(recent: number[], now: number): Extract<RateLimitDecision, { allowed: false }> | null {
    const oldest = recent[0];
    if (recent.length < this.limit || oldest === undefined) return null;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000)) };
  }

  private recentHits(key: string, now: number): number[] {
    return (this.hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
  }

  private sweep(now: number): void {
    for (const [key, times] of this.hits) {
      if (!times.some((t) => t > now - this.windowMs)) this.hits.delete(key);
    }
  }
}
