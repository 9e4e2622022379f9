import type { Redis } from "ioredis";
import { z } from "zod";
import { contentLocaleSchema } from "@/lib/exercises/i18n";
import { inspectRequestSchema, wirePackageSchema } from "@/lib/grading/protocol";
import type { SubmissionJob } from "@/lib/data/submissions";

// What web servers and grader workers agree on when the queue is BullMQ on Redis (decision 101):
// queue names, job options, priorities, and how exercise packages reach the workers.

/** Every key of this app in Redis starts with this (BullMQ's own keys included). */
export const KEY_PREFIX = "chainrule";

/** Stored submissions to grade and record: the job is the row (SubmissionJob), its id the row's id. */
export const SUBMISSIONS_QUEUE = "submissions";
/** Grader calls that are not stored submissions: quiz answers, presentations, authoring checks, regrades. */
export const GRADER_QUEUE = "grader";

/**
 * Submission jobs: the id is the row's, so adding the same row again (a sweep, a retry) while a
 * job for it exists is a no-op. A job whose recording fails (the database is away) is retried
 * with back-off and then dropped; the row stays pending and the next sweep adds it again.
 */
export const submissionJobOptions = (job: SubmissionJob, priority: number) => ({
  jobId: job.submissionId,
  priority,
  attempts: 6,
  backoff: { type: "exponential" as const, delay: 1_000 },
  removeOnComplete: { age: 600, count: 20_000 },
  removeOnFail: true,
});

/** Grader calls: answered within seconds or not at all (the caller has given up by then). */
export const graderCallOptions = (priority: number) => ({
  priority,
  attempts: 1,
  removeOnComplete: { age: 120, count: 5_000 },
  removeOnFail: { age: 120, count: 5_000 },
});

// Priorities: BullMQ takes lower numbers first, FIFO within one number. A quiz or a Submit comes
// before a Run tests, and each job of a student who sent many in the last minute goes behind the
// jobs of students who sent few: one student's flood waits, the class does not (decision 101).
const PRIORITY = { interactive: 1, hidden: 2, public: 4, background: 64 } as const;
const PER_RECENT_JOB = 4;
const MAX_PRIORITY = 2_097_151;
/** How long a job counts towards its owner's recent jobs. */
export const RECENT_WINDOW_SECONDS = 60;

export type PriorityClass = keyof typeof PRIORITY;

/** BullMQ priority for a job of this class from an owner with `recent` jobs (this one included) in the window. */
export function priorityOf(kind: PriorityClass, recent: number): number {
  return Math.min(MAX_PRIORITY, PRIORITY[kind] + PER_RECENT_JOB * Math.max(0, recent - 1));
}

/** Counts one more job for the owner and answers how many they sent in the window. */
export async function countRecentJob(redis: Redis, owner: string): Promise<number> {
  const key = `${KEY_PREFIX}:recent-jobs:${owner}`;
  const [[, count]] = ((await redis.multi().incr(key).expire(key, RECENT_WINDOW_SECONDS, "NX").exec()) ?? [[null, 1]]) as [[unknown, number]];
  return typeof count === "number" ? count : 1;
}

// Packages for grader calls travel by content hash: the files are put in Redis once (per hash and
// web server, renewed daily) and each worker fetches them once. Submission jobs need none of this:
// a worker reads the version's files from the database.
export const PACKAGE_TTL_SECONDS = 7 * 24 * 3600;
export const packageKey = (hash: string) => `${KEY_PREFIX}:package:${hash}`;
/** A worker's failure when a call names a package Redis no longer holds: the web server puts it back and asks again. */
export const PACKAGE_MISSING = "package-missing";
export const storedPackageSchema = z.object({ slug: z.string().min(1).max(100), label: z.string().min(1).max(200), files: z.record(z.string(), z.string()) });

const pkgRef = wirePackageSchema.omit({ files: true });
const owner = z.string().min(1).max(200).optional();
/** One grader call as a job on GRADER_QUEUE. */
export const graderCallSchema = z.discriminatedUnion("call", [
  z.object({ call: z.literal("grade-code"), pkg: pkgRef, code: z.string(), seed: z.number().int().optional(), mode: z.enum(["public", "hidden"]).optional(), owner }),
  z.object({ call: z.literal("grade-answer"), pkg: pkgRef, answer: z.unknown(), seed: z.number().int().optional(), owner }),
  z.object({ call: z.literal("present"), pkg: pkgRef, seed: z.number().int(), locale: contentLocaleSchema.optional() }),
  z.object({ call: z.literal("inspect"), pkg: pkgRef, request: inspectRequestSchema }),
]);
export type GraderCall = z.infer<typeof graderCallSchema>;

/**
 * What a worker answers for a submission job (the completion event every web server sees):
 * `passback` says an LMS grade passback was queued with the grade, so the servers' deliverers look
 * now rather than at their next poll (lib/lti/outbox-worker.ts).
 */
export const submissionJobResultSchema = z.object({ outcome: z.string(), passback: z.boolean().optional() });
export type SubmissionJobResult = z.infer<typeof submissionJobResultSchema>;

/** Workers say they are alive here (a key per worker, expiring); /api/health counts them. */
export const workerHeartbeatPattern = `${KEY_PREFIX}:workers:*`;
export const workerHeartbeatKey = (id: string) => `${KEY_PREFIX}:workers:${id}`;
export const HEARTBEAT_SECONDS = 10;
