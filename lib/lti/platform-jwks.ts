import "server-only";
import { createRemoteJWKSet } from "jose";

// Platform public keys, fetched from each platform's registered JWKS URL and cached in memory
// (jose's remote key set): a token whose `kid` is not in the cache makes it fetch the set again
// (the platform rotated its keys), at most once per COOLDOWN_MS, so forged tokens with random kids
// cannot make Chainrule hammer the platform. Keys are refreshed after CACHE_MAX_AGE_MS anyway.

export const COOLDOWN_MS = 5_000;
export const CACHE_MAX_AGE_MS = 10 * 60_000;
const TIMEOUT_MS = 5_000;

type KeySet = ReturnType<typeof createRemoteJWKSet>;
const holder = globalThis as typeof globalThis & { chainruleLtiPlatformKeys?: Map<string, KeySet> };
const sets = (holder.chainruleLtiPlatformKeys ??= new Map<string, KeySet>());

/** The key resolver for one JWKS URL (kept per process). */
export function platformKeySet(jwksUrl: string): KeySet {
  let set = sets.get(jwksUrl);
  if (!set) {
    set = createRemoteJWKSet(new URL(jwksUrl), { cooldownDuration: COOLDOWN_MS, cacheMaxAge: CACHE_MAX_AGE_MS, timeoutDuration: TIMEOUT_MS });
    sets.set(jwksUrl, set);
  }
  return set;
}
