import "server-only";
import { RateLimiter } from "@/lib/auth/rate-limit";

const TEN_MINUTES = 10 * 60_000;

/**
 * Sign-ups per client address. Generous because a class behind one NAT address signs up together
 * on the first day; a script still drops from hundreds of accounts (and bcrypt hashes) a minute to
 * six.
 */
export const SIGN_UP_PER_IP = { limit: 60, windowMs: TEN_MINUTES } as const;

/**
 * Sign-ups per email address. A person needs one, plus a retry or two; the address is the key a
 * client cannot vary by sending other forwarding headers.
 */
export const SIGN_UP_PER_EMAIL = { limit: 3, windowMs: TEN_MINUTES } as const;

// On globalThis because Next may load this module once per route bundle and dev reloads re-run it;
// either would hand out a fresh budget.
const holder = globalThis as typeof globalThis & { chainruleSignUpLimiters?: { ip: RateLimiter; email: RateLimiter } };
const limiters = (holder.chainruleSignUpLimiters ??= {
  ip: new RateLimiter(SIGN_UP_PER_IP),
  email: new RateLimiter(SIGN_UP_PER_EMAIL),
});

export type SignUpBudget = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Takes one attempt from both budgets, or from neither when either is spent: a refusal must not
 * use up the other budget, or waiting the time we name would not be enough.
 */
export function consumeSignUpBudget(ip: string, normalisedEmail: string): SignUpBudget {
  const keyed = [
    [limiters.ip, ip],
    [limiters.email, normalisedEmail],
  ] as const;
  const waits = keyed.flatMap(([limiter, key]) => {
    const decision = limiter.check(key);
    return decision.allowed ? [] : [decision.retryAfterSeconds];
  });
  // The longer wait: trying again after the shorter one would only meet the other refusal.
  if (waits.length > 0) return { allowed: false, retryAfterSeconds: Math.max(...waits) };
  for (const [limiter, key] of keyed) limiter.consume(key);
  return { allowed: true };
}
