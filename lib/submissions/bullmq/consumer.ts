import { hostname } from "node:os";
import { Queue, UnrecoverableError, Worker, type Job } from "bullmq";
import { hashPackageFiles } from "@/lib/exercises/loader";
import type { GraderClient, PackageSource } from "@/lib/grading/client";
import { listPendingSubmissionIds, readPendingSubmissionJob, submissionJobSchema, type SubmissionJob } from "@/lib/data/submissions";
import { connectRedis, redisAddress } from "@/lib/redis";
import { preloadPackages, PRELOAD_WAIT_MS } from "../embedded";
import { gradeAndRecord } from "../record";
import {
  GRADER_QUEUE,
  graderCallSchema,
  HEARTBEAT_SECONDS,
  KEY_PREFIX,
  packageKey,
  PACKAGE_MISSING,
  priorityOf,
  storedPackageSchema,
  SUBMISSIONS_QUEUE,
  submissionJobOptions,
  type SubmissionJobResult,
  workerHeartbeatKey,
  type GraderCall,
} from "./config";

// A grader worker (npm run -s grader:worker, decision 101): takes submission jobs and grader calls
// from Redis, grades them in its own supervised grader processes (lib/grading; they get no
// credentials) and records submission results in the database. Any number run, on any host.
// - A worker killed mid-job loses nothing: its job's lock expires and another worker takes it
//   (BullMQ's stalled-job check); recording is idempotent, so a job graded twice counts once.
// - Rows the queue does not hold (Redis was down when they were stored, or lost them) are found
//   by a sweep of the database and queued again.

export interface GraderWorkerOptions {
  redisUrl: string;
  grader: GraderClient;
  /** Submission jobs graded at once. */
  concurrency: number;
  /** Lock duration (ms): a killed worker's jobs are taken over after about this long. */
  lockMs: number;
  /** How often the database is swept for pending rows the queue does not hold (ms). */
  sweepMs?: number;
  log?: (line: string) => void;
}

export interface RunningWorker {
  id: string;
  /** Finishes the jobs in hand, then stops (the grader client is the caller's to close). */
  close(): Promise<void>;
}

/** Rows younger than this are still being handed to the queue by their own request. */
const SWEEP_GRACE_MS = 10_000;
const GRADER_CALL_CONCURRENCY = 8;

export async function startGraderWorker(options: GraderWorkerOptions): Promise<RunningWorker> {
  const log = options.log ?? ((line: string) => console.log(`[grader-worker] ${line}`));
  const id = `${hostname()}:${process.pid}`;
  const meanwhile = "jobs wait in Redis and rows in the database until it is back";
  const redis = connectRedis(options.redisUrl, { purpose: "a grader worker", meanwhile, blocking: true });
  const blocking = (purpose: string) => connectRedis(options.redisUrl, { purpose, meanwhile, blocking: true });
  const { grader } = options;

  // Packages for grader calls, by content hash: from Redis once, then kept here.
  const packages = new Map<string, Promise<PackageSource>>();
  function packageFor(call: GraderCall): Promise<PackageSource> {
    const known = packages.get(call.pkg.hash);
    if (known) return known;
    const loading = (async () => {
      const raw = await redis.get(packageKey(call.pkg.hash));
      if (raw === null) throw new Error(PACKAGE_MISSING);
      const stored = storedPackageSchema.parse(JSON.parse(raw));
      // Content-addressed: what Redis returned must be what the hash names.
      if (hashPackageFiles(stored.files) !== call.pkg.hash) throw new UnrecoverableError(`package ${call.pkg.hash} in Redis does not match its hash`);
      return { slug: stored.slug, label: stored.label, files: stored.files };
    })();
    loading.catch(() => packages.delete(call.pkg.hash));
    packages.set(call.pkg.hash, loading);
    if (packages.size > 500) packages.delete(packages.keys().next().value ?? "");
    return loading;
  }

  async function gradeSubmissionJob(job: Job<SubmissionJob>): Promise<SubmissionJobResult> {
    const parsed = submissionJobSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`malformed submission job ${job.id ?? "?"}: ${parsed.error.issues[0]?.message ?? "?"}`);
    // A database failure throws: BullMQ retries the job with back-off, and the sweep after that.
    const outcome = await gradeAndRecord(parsed.data, grader);
    // `passback` wakes the web servers' LMS score deliverers (none runs in this process).
    return { outcome: outcome.kind, passback: outcome.kind === "graded" && outcome.passback };
  }

  async function answerCall(job: Job<GraderCall>): Promise<unknown> {
    const parsed = graderCallSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`malformed grader call ${job.id ?? "?"}: ${parsed.error.issues[0]?.message ?? "?"}`);
    const call = parsed.data;
    const pkg = await packageFor(call);
    switch (call.call) {
      case "grade-code":
        return grader.grade({ pkg, code: call.code, seed: call.seed, mode: call.mode, owner: call.owner });
      case "grade-answer":
        return grader.grade({ pkg, answer: call.answer, seed: call.seed, owner: call.owner });
      case "present":
        return grader.present(pkg, call.seed, call.locale);
      case "inspect":
        return grader.inspect(pkg, call.request);
    }
  }

  const common = { prefix: KEY_PREFIX, lockDuration: options.lockMs, stalledInterval: Math.max(500, Math.round(options.lockMs / 2)), maxStalledCount: 3 };
  const submissionsWorker = new Worker<SubmissionJob, SubmissionJobResult>(SUBMISSIONS_QUEUE, gradeSubmissionJob, {
    ...common,
    connection: blocking("grader worker (submissions)"),
    concurrency: options.concurrency,
    // Taking jobs starts once the grader is warm (below).
    autorun: false,
  });
  const callsWorker = new Worker<GraderCall, unknown>(GRADER_QUEUE, answerCall, {
    ...common,
    connection: blocking("grader worker (grader calls)"),
    concurrency: GRADER_CALL_CONCURRENCY,
    autorun: false,
  });
  const producer = new Queue<SubmissionJob>(SUBMISSIONS_QUEUE, { connection: redis, prefix: KEY_PREFIX });
  const ignore = () => undefined;
  // Connection errors are logged by connectRedis; job failures here.
  submissionsWorker.on("error", ignore);
  callsWorker.on("error", ignore);
  producer.on("error", ignore);
  submissionsWorker.on("failed", (job, e) => log(`submission ${job?.id ?? "?"} failed (attempt ${job?.attemptsMade ?? "?"}): ${e.message}`));
  submissionsWorker.on("stalled", (jobId) => log(`submission ${jobId} stalled (its worker stopped answering); it is graded again`));

  // Pending rows the queue does not hold are added again (their id is the job id, so a row
  // already queued or in hand somewhere is not added twice).
  let sweeping = false;
  async function sweep(): Promise<void> {
    if (sweeping) return;
    sweeping = true;
    try {
      const ids = await listPendingSubmissionIds(new Date(Date.now() - SWEEP_GRACE_MS));
      if (ids.length === 0) return;
      const pipeline = redis.pipeline();
      for (const row of ids) pipeline.exists(`${KEY_PREFIX}:${SUBMISSIONS_QUEUE}:${row}`);
      const held = (await pipeline.exec()) ?? [];
      let added = 0;
      for (const [i, row] of ids.entries()) {
        if (held[i]?.[1] === 1) continue;
        const job = await readPendingSubmissionJob(row);
        if (!job) continue;
        await producer.add("grade", job, submissionJobOptions(job, priorityOf(job.mode, 1)));
        added++;
      }
      if (added > 0) log(`queued ${added} stored submission(s) the queue did not hold`);
    } catch (e) {
      log(`sweep failed (${e instanceof Error ? e.message : String(e)}); trying again later`);
    } finally {
      sweeping = false;
    }
  }

  const heartbeat = async () => {
    const status = grader.status();
    await redis
      .set(workerHeartbeatKey(id), JSON.stringify({ pid: process.pid, at: new Date().toISOString(), queued: status.queued, inFlight: status.inFlight }), "EX", HEARTBEAT_SECONDS * 3)
      .catch(ignore);
  };
  await heartbeat();
  const timers = [setInterval(() => void heartbeat(), HEARTBEAT_SECONDS * 1_000), setInterval(() => void sweep(), options.sweepMs ?? 15_000)];
  void sweep();
  // Like a web server's embedded queue, a worker takes jobs once its grader has loaded and warmed
  // the packages (decision 102), or after PRELOAD_WAIT_MS on a slow machine.
  await preloadPackages(grader);
  await grader.preloadFinished(PRELOAD_WAIT_MS);
  for (const worker of [submissionsWorker, callsWorker]) {
    worker.run().catch((e: unknown) => log(`stopped taking jobs: ${e instanceof Error ? e.message : String(e)}`));
  }
  // The lock id is what BullMQ writes into the locks of the jobs this worker holds.
  log(`${id} takes jobs from Redis at ${redisAddress(options.redisUrl)} (${options.concurrency} submissions at once; lock ${options.lockMs} ms; lock id ${submissionsWorker.id})`);

  return {
    id,
    async close() {
      for (const t of timers) clearInterval(t);
      // Jobs in hand finish and are recorded first.
      await Promise.allSettled([submissionsWorker.close(), callsWorker.close()]);
      await producer.close().catch(ignore);
      await redis.del(workerHeartbeatKey(id)).catch(ignore);
      redis.disconnect();
    },
  };
}
