// The distributed topology on one machine (docs/deploy.md): Redis, N web servers (`next start`
// of the e2e build, each on its own port, with REDIS_URL) and M grader workers (`npm run -s
// grader:worker` as separate processes), all on one database. Used by the distributed end-to-end
// test, the e2e project's second topology and `npm run -s bench:scale`.
import { spawn, type ChildProcess } from "node:child_process";
import { binCommand, ROOT } from "../../scripts/lib/project";
import { freePort, startNextServer, type RunningServer } from "../e2e/server";
import { startRedisServer, type RedisServer } from "../setup/redis-server";

export interface GraderWorkerProcess {
  pid: number;
  /** Lines the worker printed (stdout and stderr), for assertions and post-mortems. */
  output: string[];
  /** Ends the worker's whole process group with `signal` (SIGKILL: as if its host died). */
  kill(signal: NodeJS.Signals): Promise<void>;
}

export interface TopologyOptions {
  web: number;
  workers: number;
  /** The database every process uses (already migrated and seeded). */
  databaseUrl: string;
  /** Redis keeps its data here (append-only file), so a restart loses nothing. */
  redisDataDir: string;
  /** Extra environment for the workers (e.g. CHAINRULE_WORKER_LOCK_MS for a quick takeover in tests). */
  workerEnv?: Record<string, string>;
  /** Pins worker i to core i (taskset), so one worker is one core's worth of grading. */
  pinWorkers?: boolean;
  /** Extra environment for the web servers. */
  webEnv?: Record<string, string>;
}

export interface Topology {
  webURLs: string[];
  redis: RedisServer;
  workers: GraderWorkerProcess[];
  startWorker(core?: number): Promise<GraderWorkerProcess>;
  stop(): Promise<void>;
}

const WORKER_READY = /takes jobs from Redis/;

export async function startGraderWorker(env: Record<string, string>, core?: number): Promise<GraderWorkerProcess> {
  const [node, args] = binCommand("tsx", ["--conditions=react-server", "scripts/grader-worker.ts"]);
  const [command, argv] = core === undefined ? [node, args] : ["taskset", ["-c", String(core), node, ...args]];
  const child: ChildProcess = spawn(command, argv, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const output: string[] = [];
  let ready: () => void = () => undefined;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) {
      if (line === "") continue;
      output.push(line);
      // For post-mortems of a failing run: CHAINRULE_TEST_WORKER_LOG=1 prints every worker line.
      if (process.env.CHAINRULE_TEST_WORKER_LOG === "1") process.stderr.write(`[worker ${child.pid ?? "?"}] ${line}\n`);
      if (WORKER_READY.test(line)) ready();
    }
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const failed = exited.then(() => {
    throw new Error(`grader worker exited before it was ready:\n${output.join("\n")}`);
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`grader worker not ready after 60 s:\n${output.join("\n")}`)), 60_000);
  });
  try {
    await Promise.race([isReady, failed, timeout]);
  } finally {
    clearTimeout(timer);
  }
  const pid = child.pid ?? 0;
  return {
    pid,
    output,
    async kill(signal) {
      try {
        process.kill(-pid, signal);
      } catch {
        return; // already gone
      }
      await exited;
    },
  };
}

export async function startTopology(options: TopologyOptions): Promise<Topology> {
  const redis = await startRedisServer({ dataDir: options.redisDataDir });
  const workerEnv = { REDIS_URL: redis.url, DATABASE_URL: options.databaseUrl, ...options.workerEnv };
  const workers: GraderWorkerProcess[] = [];
  const webs: RunningServer[] = [];
  const startWorker = async (core?: number) => {
    const worker = await startGraderWorker(workerEnv, core);
    workers.push(worker);
    return worker;
  };
  const stop = async () => {
    await Promise.all(webs.map((w) => w.stop()));
    await Promise.all(workers.map((w) => w.kill("SIGTERM")));
    await redis.stop();
  };
  try {
    await Promise.all(Array.from({ length: options.workers }, (_, i) => startWorker(options.pinWorkers ? i : undefined)));
    for (let i = 0; i < options.web; i++) {
      const port = await freePort();
      webs.push(await startNextServer(port, { REDIS_URL: redis.url, DATABASE_URL: options.databaseUrl, NEXTAUTH_URL: `http://localhost:${port}`, ...options.webEnv }));
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { webURLs: webs.map((w) => w.baseURL), redis, workers, startWorker, stop };
}
