// `npm run -s grader:worker`: a grader worker for the distributed topology (docs/deploy.md). It
// takes submission jobs and grader calls from Redis (REDIS_URL), grades them in its own grader
// processes and records results in the database (DATABASE_URL). Run any number, on any host.
// SIGTERM/SIGINT: the jobs in hand finish and are recorded, then it exits.
import fs from "node:fs";
import path from "node:path";
import { parseWorkerEnv } from "@/lib/env";
import { createGraderClient } from "@/lib/grading/client";
import { serverGraderOptions } from "@/lib/grading/server-grader";
import { startGraderWorker } from "@/lib/submissions/bullmq/consumer";
import { assertSupportedNode, ROOT } from "./lib/project";

assertSupportedNode();
// The same .env as the web server on this host, when there is one; the environment wins.
const envFile = path.join(ROOT, ".env");
if (fs.existsSync(envFile)) process.loadEnvFile(envFile);

let settings;
try {
  settings = parseWorkerEnv(process.env);
} catch (e) {
  console.error(`[grader-worker] ${e instanceof Error ? e.message : String(e)}`);
  process.exit(2);
}
process.env.DATABASE_URL = settings.DATABASE_URL;

const graderOptions = serverGraderOptions();
const grader = createGraderClient(graderOptions);
await grader.ready();
const worker = await startGraderWorker({
  redisUrl: settings.REDIS_URL,
  grader,
  // As many as the fast lane takes at once (decision 049): the rest wait in Redis, in priority order.
  concurrency: settings.CHAINRULE_WORKER_CONCURRENCY ?? graderOptions.maxInFlight ?? 32,
  lockMs: settings.CHAINRULE_WORKER_LOCK_MS,
});

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`[grader-worker] ${signal}: finishing the jobs in hand`);
    void worker
      .close()
      .then(() => grader.close())
      .then(() => process.exit(0));
  });
}
