import "server-only";
import { RateLimiter } from "@/lib/auth/rate-limit";

// Per-student budgets shared by the server actions and the JSON API, so a second door does not
// double the allowance. On globalThis because Next may load this module once per route bundle.
const holder = globalThis as typeof globalThis & { chainruleGradeLimiter?: RateLimiter };

/** Runs + submissions + quiz answers per student: generous for real use, a wall against scripted floods. */
export const gradeLimiter: RateLimiter = (holder.chainruleGradeLimiter ??= new RateLimiter({ limit: 40, windowMs: 60_000 }));
