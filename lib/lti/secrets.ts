import "server-only";
import { hkdfSync } from "node:crypto";

// Keys Chainrule derives from NEXTAUTH_SECRET for LTI, one per purpose (HKDF-SHA256, Node's
// crypto): signing the login `state` and the deep-linking hand-over tokens it gives to browsers,
// and encrypting the tool's private keys at rest. Rotating NEXTAUTH_SECRET invalidates pending
// logins (minutes) and makes the stored private keys unreadable, upon which the next start
// generates a new key pair (lib/lti/tool-keys.ts): platforms pick it up from the JWKS URL.

export type SecretPurpose = "lti-browser-tokens" | "lti-key-encryption";

const cache = new Map<string, Uint8Array>();

function sessionSecret(): string {
  const secret = process.env.NEXTAUTH_SECRET;
  if (secret === undefined || secret.length < 32) throw new Error("NEXTAUTH_SECRET must be set (32+ characters): LTI keys are derived from it");
  return secret;
}

/** A 256-bit key for `purpose`, derived from NEXTAUTH_SECRET. */
export function derivedKey(purpose: SecretPurpose): Uint8Array {
  const secret = sessionSecret();
  const cacheKey = `${purpose}\u0000${secret}`;
  let key = cache.get(cacheKey);
  if (!key) {
    key = new Uint8Array(hkdfSync("sha256", secret, "chainrule-lti", purpose, 32));
    cache.set(cacheKey, key);
  }
  return key;
}
