// Password hashing: native bcrypt (the bcrypt package) on libuv's thread pool, never on the event
// loop, with a cap on hashes in flight for the whole process, so a flood of sign-ins cannot take
// the CPU that grading and every other request need (decision 061).
// No "server-only" marker: `npm start` (scripts/start.ts, plain Node) checks the demo password
// with verifyPassword. The native addon cannot be bundled for a browser anyway.
import os from "node:os";
import bcrypt from "bcrypt";
import pLimit, { type LimitFunction } from "p-limit";

// Cost 10 (~50 ms natively on this machine): slow enough to hurt offline guessing.
const BCRYPT_COST = 10;

/** bcrypt reads at most 72 bytes of a password and silently ignores the rest. */
export const MAX_PASSWORD_BYTES = 72;

/** Hashes at once: half the cores (at least one), so the rest stay free for grading and requests. */
export const HASHES_IN_FLIGHT = Math.max(1, Math.floor(os.availableParallelism() / 2));
/** Hashes waiting for a slot before new ones are refused: ~3 s of work at one hash per 50 ms. */
export const HASHES_WAITING = 64;

// A valid cost-10 hash of a random string nobody knows. An unknown email is compared against it,
// so it costs as long as a wrong password and timing does not reveal which accounts exist.
const DUMMY_HASH = "$2b$10$4jxWXwg98EDYMD.xOUwoHefpYcM438eUin0jomH3jRS1aSU3QrFk.";

/** The server is already hashing as much as it allows; the caller should ask the person to retry. */
export class PasswordHashingBusy extends Error {
  constructor() {
    super("Too many sign-ins at once");
    this.name = "PasswordHashingBusy";
  }
}

// On globalThis: Next loads this module once per route bundle (pages/api and app/), and each copy
// would otherwise have a cap of its own.
const holder = globalThis as typeof globalThis & { chainrulePasswordHashing?: LimitFunction };
const hashing = (holder.chainrulePasswordHashing ??= pLimit(HASHES_IN_FLIGHT));

function capped<T>(work: () => Promise<T>): Promise<T> {
  if (hashing.pendingCount >= HASHES_WAITING) return Promise.reject(new PasswordHashingBusy());
  return hashing(work);
}

export function passwordBytes(password: string): number {
  return Buffer.byteLength(password, "utf8");
}

/** A bcrypt hash of `password`; refuses passwords bcrypt would truncate (validate them first). */
export function hashPassword(password: string): Promise<string> {
  if (passwordBytes(password) > MAX_PASSWORD_BYTES) return Promise.reject(new RangeError(`passwords are at most ${MAX_PASSWORD_BYTES} bytes`));
  return capped(() => bcrypt.hash(password, BCRYPT_COST));
}

/**
 * Whether `password` matches `storedHash`; compares against a dummy hash when there is no stored
 * hash (unknown email), so both cases take one bcrypt. A password over 72 bytes never matches:
 * bcrypt would compare only its first 72 bytes (accounts are created with at most 72).
 */
export async function verifyPassword(password: string, storedHash: string | null): Promise<boolean> {
  const tooLong = passwordBytes(password) > MAX_PASSWORD_BYTES;
  const matches = await capped(() => bcrypt.compare(tooLong ? "" : password, storedHash ?? DUMMY_HASH));
  return matches && storedHash !== null && !tooLong;
}
