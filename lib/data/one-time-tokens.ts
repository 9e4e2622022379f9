import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";

// Bearer tokens of invitation and password-reset links (decisions 120, 121). The link holds the
// token; the database holds only its SHA-256, so a leaked backup or a read-only SQL injection
// opens no account. 24 random bytes: guessing one is hopeless, so a plain hash (no salt, no
// bcrypt) is enough and lets the lookup use a unique index.

export interface OneTimeToken {
  /** Goes into the link, shown once. */
  token: string;
  /** Stored. */
  hash: string;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function newOneTimeToken(): OneTimeToken {
  const token = randomBytes(24).toString("base64url");
  return { token, hash: hashToken(token) };
}

/** What a link's token looks like (32 base64url characters); anything else is unknown without a lookup. */
export const tokenSchema = z.string().trim().regex(/^[A-Za-z0-9_-]{32}$/);
