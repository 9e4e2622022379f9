import "server-only";
import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { env } from "@/lib/env.server";
import { connectRedis } from "@/lib/redis";

// Every rate limit of the app, in one place (decision 062). Counters live in memory by default
// (one server) and in Redis when REDIS_URL is set, so several web servers share one budget; if
// Redis cannot be reached, each server falls back to its own memory counters rather than refusing
// everyone. The counting is rate-limiter-flexible's: atomic increments with an expiry, in Redis
// through one Lua script per call.

export type LimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** A budget of `points` per `seconds`, counted from the first use in the window. */
interface Budget {
  points: number;
  seconds: number;
}

/** Runs, submissions and quiz answers per student: generous for real use, a wall against scripted floods. */
export const GRADES_PER_STUDENT: Budget = { points: 40, seconds: 60 };
/** Autosave fires after pauses in typing; this only stops a runaway client. */
export const DRAFT_SAVES_PER_STUDENT: Budget = { points: 240, seconds: 60 };
/**
 * Sign-ups per client address. Generous because a class behind one NAT address signs up together
 * on the first day; a script still drops from hundreds of accounts (and bcrypt hashes) a minute to six.
 */
export const SIGN_UPS_PER_ADDRESS: Budget = { points: 60, seconds: 600 };
/** Sign-ups per email address: one, plus a retry or two. */
export const SIGN_UPS_PER_EMAIL: Budget = { points: 3, seconds: 600 };
/**
 * Failed sign-ins per client address, over every account: stops one host from trying a common
 * password on a whole class, while a class behind one NAT address can still mistype.
 */
export const FAILED_SIGN_INS_PER_ADDRESS: Budget = { points: 60, seconds: 600 };
/**
 * Per account, whatever the address: the first attempts are free; from the 5th on, each attempt
 * makes the next one wait, 30 s doubling up to 15 min. An attacker gets about a hundred guesses a
 * day at one account, a person who forgot a password waits half a minute after five tries.
 * Counted failures are forgotten a day after the first one, or at once on success.
 */
export const SIGN_IN_BACKOFF = { freeAttempts: 4, firstWaitSeconds: 30, maxWaitSeconds: 15 * 60, forgetAfterSeconds: 24 * 3600 } as const;

/**
 * Failed uses of password reset links per client address (decision 121): a link's token cannot be
 * guessed, but a script trying is stopped as a password guesser is.
 */
export const FAILED_RESET_USES_PER_ADDRESS: Budget = { points: 20, seconds: 600 };
/** Reset mails per client address and per email (/forgot-password): a mailbox is not flooded. */
export const RESET_MAILS_PER_ADDRESS: Budget = { points: 30, seconds: 600 };
export const RESET_MAILS_PER_EMAIL: Budget = { points: 3, seconds: 3600 };

/** How long attempt `n` (1-based, counted since the last success) makes the next attempt wait. */
export function signInWaitSeconds(n: number): number {
  if (n <= SIGN_IN_BACKOFF.freeAttempts) return 0;
  return Math.min(SIGN_IN_BACKOFF.maxWaitSeconds, SIGN_IN_BACKOFF.firstWaitSeconds * 2 ** (n - SIGN_IN_BACKOFF.freeAttempts - 1));
}

/** One sign-in attempt that was let through; the caller reports how it went. */
export interface SignInAttempt {
  allowed: true;
  /** Right password: the account's failures and back-off are forgotten. */
  succeeded(): Promise<void>;
  /** Wrong password: counts against the client's address as well (the account already counted it). */
  failed(): Promise<void>;
  /** No password was checked (the server was too busy): the attempt is given back. */
  cancelled(): Promise<void>;
}

export interface RateLimits {
  grade(userId: string): Promise<LimitDecision>;
  draftSave(userId: string): Promise<LimitDecision>;
  /** One sign-up from both budgets, or from neither when either is spent. */
  signUp(address: string, normalisedEmail: string): Promise<LimitDecision>;
  /**
   * A password check for an account: sign-in (with the client's address), or the current password
   * on the account page (address null: the per-account back-off only, shared with sign-in).
   */
  signIn(address: string | null, normalisedEmail: string): Promise<SignInAttempt | Extract<LimitDecision, { allowed: false }>>;
  /** Whether `address` may try a reset link now (its failed uses are not spent). */
  resetUse(address: string): Promise<LimitDecision>;
  /** A reset link from `address` was unknown, used or expired. */
  resetUseFailed(address: string): Promise<void>;
  /** One reset mail from both budgets, or from neither when either is spent. */
  resetMail(address: string, normalisedEmail: string): Promise<LimitDecision>;
}

const retryAfter = (res: RateLimiterRes): Extract<LimitDecision, { allowed: false }> => ({
  allowed: false,
  retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
});

/** consume() as a decision; store errors (Redis down without insurance) still reject. */
async function take(limiter: RateLimiterAbstract, key: string, options?: { customDuration: number }): Promise<LimitDecision> {
  try {
    await limiter.consume(key, 1, options);
    return { allowed: true };
  } catch (e) {
    if (e instanceof RateLimiterRes) return retryAfter(e);
    throw e;
  }
}

export function createRateLimits({ redis }: { redis: Redis | null }): RateLimits {
  const limiter = (name: string, budget: Budget): RateLimiterAbstract => {
    const options = { keyPrefix: `chainrule:${name}`, points: budget.points, duration: budget.seconds };
    if (!redis) return new RateLimiterMemory(options);
    return new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: new RateLimiterMemory(options) });
  };
  const grades = limiter("grades", GRADES_PER_STUDENT);
  const drafts = limiter("drafts", DRAFT_SAVES_PER_STUDENT);
  const signUpsByAddress = limiter("sign-ups-address", SIGN_UPS_PER_ADDRESS);
  const signUpsByEmail = limiter("sign-ups-email", SIGN_UPS_PER_EMAIL);
  const failuresByAddress = limiter("sign-in-failures-address", FAILED_SIGN_INS_PER_ADDRESS);
  // Attempts since the last success, per account (the budget is never the limit: the lock is).
  const attemptsByAccount = limiter("sign-in-attempts", { points: Number.MAX_SAFE_INTEGER, seconds: SIGN_IN_BACKOFF.forgetAfterSeconds });
  // One point per back-off period: the attempt that takes it goes ahead, the next waits for its expiry.
  const accountLock = limiter("sign-in-lock", { points: 1, seconds: SIGN_IN_BACKOFF.firstWaitSeconds });
  const resetFailuresByAddress = limiter("reset-failures-address", FAILED_RESET_USES_PER_ADDRESS);
  const resetMailsByAddress = limiter("reset-mails-address", RESET_MAILS_PER_ADDRESS);
  const resetMailsByEmail = limiter("reset-mails-email", RESET_MAILS_PER_EMAIL);

  /** One point from both budgets, or from neither (as sign-up). */
  const takeBoth = async (first: RateLimiterAbstract, firstKey: string, second: RateLimiterAbstract, secondKey: string): Promise<LimitDecision> => {
    const a = await take(first, firstKey);
    if (!a.allowed) return a;
    const b = await take(second, secondKey);
    if (!b.allowed) await first.reward(firstKey);
    return b;
  };

  return {
    grade: (userId) => take(grades, userId),
    draftSave: (userId) => take(drafts, userId),

    async signUp(address, email) {
      const byAddress = await take(signUpsByAddress, address);
      if (!byAddress.allowed) return byAddress;
      const byEmail = await take(signUpsByEmail, email);
      // A refusal by one budget must not use up the other, or waiting the time we name would not be enough.
      if (!byEmail.allowed) await signUpsByAddress.reward(address);
      return byEmail;
    },

    async resetUse(address) {
      const failures = await resetFailuresByAddress.get(address);
      return failures !== null && failures.consumedPoints >= FAILED_RESET_USES_PER_ADDRESS.points ? retryAfter(failures) : { allowed: true };
    },
    async resetUseFailed(address) {
      await resetFailuresByAddress.penalty(address);
    },
    resetMail: (address, email) => takeBoth(resetMailsByAddress, address, resetMailsByEmail, email),

    async signIn(address, email) {
      const failures = address === null ? null : await failuresByAddress.get(address);
      if (failures !== null && failures.consumedPoints >= FAILED_SIGN_INS_PER_ADDRESS.points) return retryAfter(failures);
      // Counted before the password is checked, atomically: requests sent together cannot all slip
      // in before the first failure is recorded.
      const n = (await attemptsByAccount.consume(email)).consumedPoints;
      const wait = signInWaitSeconds(n);
      let locked = false;
      if (wait > 0) {
        const lock = await take(accountLock, email, { customDuration: wait });
        if (!lock.allowed) {
          await attemptsByAccount.reward(email);
          return lock;
        }
        locked = true;
      }
      return {
        allowed: true,
        async succeeded() {
          await Promise.all([attemptsByAccount.delete(email), accountLock.delete(email)]);
        },
        async failed() {
          if (address !== null) await failuresByAddress.penalty(address);
        },
        async cancelled() {
          await Promise.all([attemptsByAccount.reward(email), locked ? accountLock.delete(email) : Promise.resolve(false)]);
        },
      };
    },
  };
}

/** The Redis connection for REDIS_URL: fails fast while disconnected, so the memory fallback answers. */
export function connectRateLimitRedis(url: string): Redis {
  return connectRedis(url, { purpose: "rate limits", meanwhile: "rate limits count per server meanwhile" });
}

// On globalThis: Next loads this module once per route bundle (pages/api and app/), and dev reloads
// re-run it; either would otherwise hand out a fresh budget.
const holder = globalThis as typeof globalThis & { chainruleRateLimits?: RateLimits };

/** The server's rate limits, configured from the environment on first use. */
export function rateLimits(): RateLimits {
  holder.chainruleRateLimits ??= createRateLimits({ redis: env.REDIS_URL ? connectRateLimitRedis(env.REDIS_URL) : null });
  return holder.chainruleRateLimits;
}
