import { z } from "zod";
import { contentLocaleSchema, msgSchema, type Msg } from "@/lib/exercises/i18n";
import { localizerFor } from "@/lib/exercises/platform-messages";
import { gradeResultSchema } from "./contract";

// Messages between the server-side client and a grader child process (Node IPC, JSON): data
// only, never code to run on either side. Both sides parse what they receive: the child is a
// separate program, possibly older or newer.

/**
 * Which exercise package, by content hash. Its files travel with a job only when the child may
 * not have them (first use, after a restart); a child that lacks them answers "need-package".
 */
export const wirePackageSchema = z.object({
  slug: z.string().min(1).max(100),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  /** Shown in package error messages: "exercises/mul-layer", or the slug of a draft. */
  label: z.string().min(1).max(200),
  files: z.record(z.string(), z.string()).optional(),
});
export type WirePackage = z.infer<typeof wirePackageSchema>;

const seed = z.number().int();

export const inspectRequestSchema = z.discriminatedUnion("fn", [
  z.object({ fn: z.literal("describe") }),
  z.object({ fn: z.literal("cases"), seed, mode: z.enum(["public", "hidden"]) }),
  z.object({ fn: z.literal("quiz"), seed }),
  // What the suite's diagnose() names on the reference solution's outputs (nothing, when sound).
  z.object({ fn: z.literal("reference-diagnoses"), seed }),
]);
export type InspectRequest = z.infer<typeof inspectRequestSchema>;

export const wireJobSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("code"),
    pkg: wirePackageSchema,
    code: z.string(),
    seed,
    mode: z.enum(["public", "hidden"]),
    // Fast lane only (client.ts): run at most this long; longer is answered "over-budget".
    budgetMs: z.number().int().positive().optional(),
  }),
  z.object({ type: z.literal("quiz"), pkg: wirePackageSchema, seed, answer: z.unknown() }),
  // What a student sees of a quiz variant (no answer): the filled prompt and the presentation,
  // in the student's language (English when absent).
  z.object({ type: z.literal("present"), pkg: wirePackageSchema, seed, locale: contentLocaleSchema.optional() }),
  // Package facts for checks and authoring (trusted callers only: the answer is in there).
  z.object({ type: z.literal("inspect"), pkg: wirePackageSchema, request: inspectRequestSchema }),
]);
export type WireJob = z.infer<typeof wireJobSchema>;

export const toChildSchema = z.union([
  z.object({ type: z.literal("grade"), id: z.number().int(), job: wireJobSchema }),
  // Load these packages in the background, one at a time (they arrive with their files).
  z.object({ type: z.literal("preload"), packages: z.array(wirePackageSchema) }),
  z.object({ type: z.literal("shutdown") }),
]);
export type ToChild = z.infer<typeof toChildSchema>;

/**
 * The answer of a present or inspect job: a value, or the failure as a message key (rendered in
 * the reader's language by whoever shows it) and in English (logs, the CLI, check reports).
 */
export const answerSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), message: z.string(), text: msgSchema }),
]);
export type PackageFailure = { ok: false; message: string; text: Msg };

/** A failed present or inspect answer saying `text`. */
export function packageFailure(text: Msg): PackageFailure {
  return { ok: false, message: localizerFor("en").text(text), text };
}

export const fromChildSchema = z.union([
  z.object({ type: z.literal("ready"), pid: z.number().int(), startupMs: z.number() }),
  z.object({ type: z.literal("result"), id: z.number().int(), result: gradeResultSchema }),
  z.object({ type: z.literal("answer"), id: z.number().int(), answer: answerSchema }),
  // The job ran past its budget (fast lane): no grade; the client grades it again in the slow lane.
  z.object({ type: z.literal("over-budget"), id: z.number().int() }),
  // The child does not hold the job's package: send the job again with its files.
  z.object({ type: z.literal("need-package"), id: z.number().int() }),
  // The child must be replaced (an isolate thread is stuck): send it nothing more; its other
  // in-flight jobs are not suspects and are re-run elsewhere without counting a crash.
  z.object({ type: z.literal("retiring"), reason: z.string() }),
  // The packages of a preload have been loaded once (`failed` did not load) and `warmed` of them warmed.
  z.object({ type: z.literal("preloaded"), packages: z.number().int(), failed: z.array(z.string()), warmed: z.number().int(), ms: z.number() }),
  // Sent every HEARTBEAT_MS: a child whose event loop is stuck stops sending and is restarted.
  z.object({ type: z.literal("heartbeat") }),
]);
export type FromChild = z.infer<typeof fromChildSchema>;

export const HEARTBEAT_MS = 500;
