import "server-only";
import { Queue, QueueEvents } from "bullmq";
import { z } from "zod";
import { msgSchema, type Msg } from "@/lib/exercises/i18n";
import { type GradeResult, gradeResultSchema } from "@/lib/grading/contract";
import { platformUngradable } from "@/lib/grading/localize-result";
import { hashOf, presentedQuizSchema, type GradeJob, type PackageAnswer, type PackageSource, type PresentedQuiz } from "@/lib/grading/client";
import { answerSchema, packageFailure } from "@/lib/grading/protocol";
import type { SubmissionJob } from "@/lib/data/submissions";
import { connectRedis, redisAddress } from "@/lib/redis";
import type { Grader, SubmissionQueue } from "../queue";
import { notifyFinished } from "../waiters";
import { wakeOutbox } from "@/lib/lti/outbox";
import {
  countRecentJob,
  GRADER_QUEUE,
  graderCallOptions,
  KEY_PREFIX,
  PACKAGE_TTL_SECONDS,
  packageKey,
  PACKAGE_MISSING,
  priorityOf,
  SUBMISSIONS_QUEUE,
  submissionJobResultSchema,
  submissionJobOptions,
  workerHeartbeatPattern,
  type GraderCall,
  type PriorityClass,
} from "./config";

// The web server's side of the BullMQ queue (decision 101): a stored row becomes a job, a grader
// call becomes a job and its answer is awaited, and completion events from any worker wake this
// server's waiting requests. Nothing here grades: web servers need no grader processes.

/** A web request never waits longer than this for Redis to take a job; the row stays pending. */
const ENQUEUE_LIMIT_MS = 2_000;
/** Grader calls: a quiz answer or a presentation is a few ms of work; a regrade of a loop takes its CPU limit. */
const CALL_LIMIT_MS = { quick: 30_000, code: 180_000 } as const;
/** A package put in Redis is put again after this long, so its TTL never runs out while in use. */
const PACKAGE_RENEW_MS = 3_600_000;

// Message keys of lib/exercises/platform-messages.ts: the result reads in every language.
const GRADERS_UNREACHABLE: Msg = { key: "grader.unreachable" };
const NO_GRADER_ANSWER: Msg = { key: "grader.no-answer" };

const presentAnswerSchema = z.union([
  z.object({ ok: z.literal(true), value: presentedQuizSchema }),
  z.object({ ok: z.literal(false), message: z.string(), text: msgSchema }),
]);

function withLimit<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

export function createBullmqQueue(url: string): SubmissionQueue {
  const meanwhile = "submissions are stored and graded when it is back";
  const redis = connectRedis(url, { purpose: "the submission queue", meanwhile });
  const connections = [redis];
  const events = (name: string) => {
    const client = connectRedis(url, { purpose: `${name} events`, meanwhile, blocking: true });
    connections.push(client);
    return client;
  };
  const submissions = new Queue<SubmissionJob>(SUBMISSIONS_QUEUE, { connection: redis, prefix: KEY_PREFIX });
  const calls = new Queue<GraderCall>(GRADER_QUEUE, { connection: redis, prefix: KEY_PREFIX });
  const submissionEvents = new QueueEvents(SUBMISSIONS_QUEUE, { connection: events("submission"), prefix: KEY_PREFIX });
  const callEvents = new QueueEvents(GRADER_QUEUE, { connection: events("grader call"), prefix: KEY_PREFIX });
  // Connection problems are logged once a minute by connectRedis; BullMQ repeats them as 'error'.
  const ignore = () => undefined;
  submissions.on("error", ignore);
  calls.on("error", ignore);
  submissionEvents.on("error", ignore);
  callEvents.on("error", ignore);
  // A worker on any host recorded a result: requests waiting here re-read the row.
  submissionEvents.on("completed", ({ jobId, returnvalue }) => {
    notifyFinished(jobId);
    // The worker queued an LMS grade passback with this grade: deliver it from here now (leases keep
    // several servers from sending it twice).
    if (submissionJobResultSchema.safeParse(returnvalue).data?.passback === true) wakeOutbox();
  });
  submissionEvents.on("failed", ({ jobId }) => notifyFinished(jobId));

  let warnedAt = 0;
  const warn = (message: string) => {
    if (Date.now() - warnedAt < 60_000) return;
    warnedAt = Date.now();
    console.warn(`[chainrule] ${message}`);
  };

  const storedPackages = new Map<string, number>();
  async function storePackage(pkg: PackageSource, hash: string): Promise<void> {
    if ((storedPackages.get(hash) ?? 0) > Date.now()) return;
    await redis.set(packageKey(hash), JSON.stringify({ slug: pkg.slug, label: pkg.label ?? pkg.slug, files: pkg.files }), "EX", PACKAGE_TTL_SECONDS);
    storedPackages.set(hash, Date.now() + PACKAGE_RENEW_MS);
    if (storedPackages.size > 2_000) storedPackages.delete(storedPackages.keys().next().value ?? "");
  }

  /** Sends one grader call to the workers and waits for its answer (the package goes first if needed). */
  async function call(pkg: PackageSource, body: GraderCall, kind: PriorityClass, owner: string | undefined, limitMs: number): Promise<unknown> {
    const hash = body.pkg.hash;
    for (let attempt = 1; ; attempt++) {
      await withLimit(storePackage(pkg, hash), ENQUEUE_LIMIT_MS, "storing the package in Redis");
      const recent = owner === undefined ? 1 : await countRecentJob(redis, owner);
      const job = await withLimit(calls.add(body.call, body, graderCallOptions(priorityOf(kind, recent))), ENQUEUE_LIMIT_MS, "queueing the call");
      try {
        return await job.waitUntilFinished(callEvents, limitMs);
      } catch (e) {
        // Redis lost the package (restarted without it): put it back once and ask again.
        if (attempt === 1 && e instanceof Error && e.message === PACKAGE_MISSING) {
          storedPackages.delete(hash);
          continue;
        }
        throw e;
      }
    }
  }

  const ref = (pkg: PackageSource) => ({ slug: pkg.slug, hash: hashOf(pkg.files), label: pkg.label ?? pkg.slug });
  const failure = (e: unknown): { kind: "sandbox" | "overloaded"; text: Msg } => {
    const text = e instanceof Error ? e.message : String(e);
    warn(`a grader call failed: ${text}`);
    return /timed out|took longer/.test(text) ? { kind: "overloaded", text: NO_GRADER_ANSWER } : { kind: "sandbox", text: GRADERS_UNREACHABLE };
  };

  const grader: Grader = {
    async grade(job: GradeJob): Promise<GradeResult> {
      const body: GraderCall =
        "code" in job
          ? { call: "grade-code", pkg: ref(job.pkg), code: job.code, seed: job.seed, mode: job.mode, owner: job.owner }
          : { call: "grade-answer", pkg: ref(job.pkg), answer: job.answer, seed: job.seed, owner: job.owner };
      // A student's quiz answer is interactive; code without an owner is a regrade or an authoring check.
      const kind: PriorityClass = job.owner === undefined ? "background" : "code" in job ? (job.mode === "public" ? "public" : "hidden") : "interactive";
      try {
        const answer = await call(job.pkg, body, kind, job.owner, "code" in job ? CALL_LIMIT_MS.code : CALL_LIMIT_MS.quick);
        const parsed = gradeResultSchema.safeParse(answer);
        return parsed.success ? parsed.data : platformUngradable("sandbox", { key: "grader.unexpected-answer" });
      } catch (e) {
        const f = failure(e);
        return platformUngradable(f.kind, f.text);
      }
    },
    async present(pkg, seed, locale): Promise<PackageAnswer<PresentedQuiz>> {
      try {
        const answer = presentAnswerSchema.safeParse(await call(pkg, { call: "present", pkg: ref(pkg), seed, ...(locale === undefined ? {} : { locale }) }, "interactive", undefined, CALL_LIMIT_MS.quick));
        return answer.success ? answer.data : packageFailure({ key: "grader.unexpected-answer" });
      } catch (e) {
        return packageFailure(failure(e).text);
      }
    },
    async inspect(pkg, request): Promise<PackageAnswer<unknown>> {
      try {
        const answer = answerSchema.safeParse(await call(pkg, { call: "inspect", pkg: ref(pkg), request }, "background", undefined, CALL_LIMIT_MS.quick));
        return answer.success ? answer.data : packageFailure({ key: "grader.unexpected-answer" });
      } catch (e) {
        return packageFailure(failure(e).text);
      }
    },
  };

  async function workers(): Promise<number> {
    let count = 0;
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", workerHeartbeatPattern, "COUNT", 100);
      cursor = next;
      count += keys.length;
    } while (cursor !== "0");
    return count;
  }

  return {
    kind: "bullmq",
    storedStatus: "queued",
    grader,
    async health() {
      try {
        return { queue: "bullmq", redis: true, workers: await withLimit(workers(), 1_000, "counting workers") };
      } catch {
        return { queue: "bullmq", redis: false, workers: null };
      }
    },
    async enqueue(job) {
      try {
        const recent = await countRecentJob(redis, job.userId);
        await withLimit(submissions.add("grade", job, submissionJobOptions(job, priorityOf(job.mode, recent))), ENQUEUE_LIMIT_MS, "queueing the submission");
      } catch (e) {
        // The row is stored (queued): a grader worker's sweep adds it once Redis takes jobs again.
        warn(`could not queue submission ${job.submissionId} (${e instanceof Error ? e.message : String(e)}); it is stored and will be graded when the queue is back`);
      }
    },
    async start() {
      console.log(`[chainrule] submissions go to the grader workers through Redis at ${redisAddress(url)} (start them with: npm run -s grader:worker)`);
      try {
        await withLimit(Promise.all([submissions.waitUntilReady(), submissionEvents.waitUntilReady(), callEvents.waitUntilReady()]), 5_000, "connecting to Redis");
        const n = await workers();
        if (n === 0) console.warn("[chainrule] no grader worker is running yet: submissions are stored and wait for one (npm run -s grader:worker)");
      } catch (e) {
        // Never stop the server from starting: submissions are stored meanwhile.
        console.warn(`[chainrule] Redis at ${redisAddress(url)} is not answering yet (${e instanceof Error ? e.message : String(e)}); ${meanwhile}`);
      }
    },
    async close() {
      // BullMQ's close waits for connections that may never come up (Redis away): bounded.
      await withLimit(Promise.allSettled([submissionEvents.close(), callEvents.close(), submissions.close(), calls.close()]), 2_000, "closing the queue").catch(() => undefined);
      for (const client of connections) client.disconnect();
    },
  };
}
