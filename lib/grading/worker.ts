import os from "node:os";
import path from "node:path";
import { gradeQuiz } from "@/lib/exercises/quiz";
import {
  hashPackageFiles,
  loadPackageFromFiles,
  packageSlugs,
  readPackageFiles,
  type ExercisePackage,
} from "@/lib/exercises/loader";
import { slugSchema } from "@/lib/exercises/schema";
import { ungradableResult, type GradeResult } from "./contract";
import { gradeCode, OverBudget } from "./grade-code";
import { HEARTBEAT_MS, toChildSchema, type FromChild, type PackageRef, type WireJob } from "./protocol";
import { IsolatePool } from "./sandbox";

// Entry of the grader child process (bundled to .cache/grader/grader.cjs and started as
// `node --no-node-snapshot grader.cjs`). It owns the isolates; the server
// process never runs student code. Receives jobs over IPC, answers one result per job id.

// The slow lane's child runs below normal priority (client.ts). Set before any isolate exists:
// the threads that will run isolates inherit it from this thread when they are created.
const nice = Number(process.env.CHAINRULE_GRADER_NICE ?? "0");
if (Number.isInteger(nice) && nice > 0) os.setPriority(Math.min(19, nice));

const startedAt = performance.now();
const root = process.env.CHAINRULE_ROOT ?? process.cwd();
const poolSize = Number(process.env.CHAINRULE_POOL_SIZE ?? "2");
let retiring = false;
const pool = new IsolatePool(Number.isInteger(poolSize) && poolSize > 0 ? poolSize : 2, () => {
  if (retiring) return;
  retiring = true;
  send({ type: "retiring", reason: "an isolate thread is stuck" });
  // The stuck job is answered first (see runJob's then); this is the backstop.
  setTimeout(() => process.kill(process.pid, "SIGKILL"), 5000).unref();
});

/** Disk packages are re-read (and re-hashed) at most this often, so edits show up in dev. */
const REVALIDATE_MS = 1000;
const byHash = new Map<string, Promise<ExercisePackage>>();
const bySlug = new Map<string, { hash: string; checkedAt: number }>();

function loadByHash(slug: string, files: Record<string, string>, label: string): Promise<ExercisePackage> {
  const hash = hashPackageFiles(files);
  let pending = byHash.get(hash);
  if (pending === undefined) {
    pending = loadPackageFromFiles(slug, files, { root, label });
    // A failed load is not cached: the author fixes the file and retries.
    pending.catch(() => byHash.delete(hash));
    if (byHash.size > 200) byHash.delete(byHash.keys().next().value ?? "");
    byHash.set(hash, pending);
  }
  return pending;
}

async function getPackage(ref: PackageRef): Promise<ExercisePackage> {
  if ("files" in ref) return loadByHash(ref.slug, ref.files, `<memory>/${ref.slug}`);
  const slug = slugSchema.safeParse(ref.slug);
  if (!slug.success) throw new UnknownExercise(`Unknown exercise "${ref.slug}"`);
  const known = bySlug.get(ref.slug);
  if (known !== undefined && performance.now() - known.checkedAt < REVALIDATE_MS) {
    const pkg = byHash.get(known.hash);
    if (pkg !== undefined) return pkg;
  }
  const dir = path.join(root, "exercises", ref.slug);
  const files = await readPackageFiles(dir).catch(() => null);
  if (files === null) throw new UnknownExercise(`Unknown exercise "${ref.slug}"`);
  bySlug.set(ref.slug, { hash: hashPackageFiles(files), checkedAt: performance.now() });
  return loadByHash(ref.slug, files, `exercises/${ref.slug}`);
}

class UnknownExercise extends Error {}

async function runJob(job: WireJob): Promise<GradeResult> {
  let pkg: ExercisePackage;
  try {
    pkg = await getPackage(job.pkg);
  } catch (err) {
    if (err instanceof UnknownExercise) return ungradableResult("input", err.message);
    return ungradableResult("sandbox", `Exercise package failed to load: ${(err as Error).message}`);
  }
  if (job.type === "quiz") {
    if (pkg.kind === "code") return ungradableResult("input", `${pkg.slug} is a code exercise: submit code, not an answer`);
    return gradeQuiz(pkg, job.seed, job.answer);
  }
  if (pkg.kind !== "code") return ungradableResult("input", `${pkg.slug} is a ${pkg.kind} quiz: submit an answer, not code`);
  return gradeCode(pkg, { code: job.code, seed: job.seed, mode: job.mode, budgetMs: job.budgetMs }, pool);
}

function send(message: FromChild, done?: () => void): void {
  process.send?.(message, undefined, undefined, done);
}

process.on("message", (raw: unknown) => {
  const parsed = toChildSchema.safeParse(raw);
  if (!parsed.success) return; // not ours; the client only sends valid messages
  const message = parsed.data;
  if (message.type === "shutdown") {
    pool.dispose();
    process.exit(0);
  }
  if (message.type !== "grade") return;
  void runJob(message.job)
    .then(
      (result): FromChild => ({ type: "result", id: message.id, result }),
      (err: unknown): FromChild =>
        err instanceof OverBudget
          ? { type: "over-budget", id: message.id }
          : { type: "result", id: message.id, result: ungradableResult("sandbox", `Grader error: ${(err as Error).message ?? String(err)}`) },
    )
    .then((answer) => {
      send(answer, () => {
        // process.exit could wait forever on the stuck isolate's thread; SIGKILL cannot.
        if (retiring) process.kill(process.pid, "SIGKILL");
      });
    });
});

// The parent going away (crash, kill -9) closes the IPC channel: nobody is left to answer.
process.on("disconnect", () => {
  pool.dispose();
  process.exit(0);
});

if (!process.send) {
  process.stderr.write("grader: must be started by the grading client (IPC channel missing)\n");
  process.exit(2);
}
/**
 * Loads every package under exercises/ once (client option preloadPackages), one at a time and
 * yielding to the event loop in between, so jobs that arrive meanwhile are not held up by more
 * than one load. A package that fails is reported; it is loaded (and fails) again when used.
 */
async function preloadPackages(): Promise<void> {
  const started = performance.now();
  // Only names getPackage serves (it answers any other "Unknown exercise").
  const slugs = (await packageSlugs("exercises", { root }).catch(() => [])).filter((slug) => slugSchema.safeParse(slug).success);
  const failed: string[] = [];
  for (const slug of slugs) {
    await new Promise((resolve) => setImmediate(resolve));
    await getPackage({ slug }).catch(() => failed.push(slug));
  }
  send({ type: "preloaded", packages: slugs.length - failed.length, failed, ms: performance.now() - started });
}

void pool.warm(64).then(() => {
  send({ type: "ready", pid: process.pid, startupMs: performance.now() - startedAt });
  setInterval(() => send({ type: "heartbeat" }), HEARTBEAT_MS);
  if (process.env.CHAINRULE_GRADER_PRELOAD === "1") void preloadPackages();
});
