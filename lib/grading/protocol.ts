import { z } from "zod";
import { gradeResultSchema } from "./contract";

// Messages between the server-side client and the grader child process (Node IPC, JSON).
// Both sides parse what they receive: the child is a separate program, possibly older or newer.

/** Which exercise: a folder under exercises/, or a browser-authored package held in memory. */
// The files variant comes first: z.object strips unknown keys, so { slug } would swallow it.
export const packageRefSchema = z.union([
  z.object({ slug: z.string().min(1).max(100), files: z.record(z.string(), z.string()) }),
  z.object({ slug: z.string().min(1).max(100) }),
]);
export type PackageRef = z.infer<typeof packageRefSchema>;

export const wireJobSchema = z.union([
  z.object({
    type: z.literal("code"),
    pkg: packageRefSchema,
    code: z.string(),
    seed: z.number().int(),
    mode: z.enum(["public", "hidden"]),
    // Fast lane only (client.ts): run at most this long; longer is answered "over-budget".
    budgetMs: z.number().int().positive().optional(),
  }),
  z.object({ type: z.literal("quiz"), pkg: packageRefSchema, seed: z.number().int(), answer: z.unknown() }),
]);
export type WireJob = z.infer<typeof wireJobSchema>;

export const toChildSchema = z.union([
  z.object({ type: z.literal("grade"), id: z.number().int(), job: wireJobSchema }),
  z.object({ type: z.literal("shutdown") }),
]);
export type ToChild = z.infer<typeof toChildSchema>;

export const fromChildSchema = z.union([
  z.object({ type: z.literal("ready"), pid: z.number().int(), startupMs: z.number() }),
  z.object({ type: z.literal("result"), id: z.number().int(), result: gradeResultSchema }),
  // The job ran past its budgetMs: no grade; the client grades it again in the slow lane.
  z.object({ type: z.literal("over-budget"), id: z.number().int() }),
  // The child must be replaced (an isolate thread is stuck): send it nothing more; its other
  // in-flight jobs are not suspects and are re-run elsewhere without counting a crash.
  z.object({ type: z.literal("retiring"), reason: z.string() }),
  // Every exercise package on disk has been loaded once (preloadPackages): `failed` did not load.
  z.object({ type: z.literal("preloaded"), packages: z.number().int(), failed: z.array(z.string()), ms: z.number() }),
  // Sent every HEARTBEAT_MS: a child whose event loop is stuck stops sending and is restarted.
  z.object({ type: z.literal("heartbeat") }),
]);
export type FromChild = z.infer<typeof fromChildSchema>;

export const HEARTBEAT_MS = 500;
