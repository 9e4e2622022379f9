// `npm run -s bench:scale`: the class load of bench:http against the distributed topology
// (docs/deploy.md) with one grader worker and with two, each worker pinned to its own core
// (taskset), on an exercise whose grading dominates the cost. Starts everything it needs itself:
// Redis (append-only file in a temporary directory), PostgreSQL (a temporary data directory, as the
// distributed topology runs it; tests/setup/postgres-server.ts), the web servers, the workers, and
// a fresh database per run. Progress goes to stderr; the last line of stdout is one JSON object:
//   {"runs":[{"web":1,"workers":1,"students":100,"graded":…,"lost":0,"p50_ms":…,"p95_ms":…,"throughput_per_s":…},…]}
// Options: --students 100 --rounds 5 --loops 2 --web 1 --workers 1,2 --exercise two-layer-net
// --database postgresql|sqlite (a SQLite file shared by every process instead, for comparison)
// --database-url postgresql://user:password@host:port/name (an existing server instead of one of
// its own: each run gets a new database name_w1, name_w2… there, dropped afterwards).
// See docs/decisions/103-scale-benchmark-and-capacity.md and docs/deploy.md.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { assertSupportedNode, buildIfStale, generateClientIfStale, migrateDeploy, ROOT, seed } from "./lib/project";
import { Redis } from "ioredis";
import type { RoundReport } from "../tests/load/run-load";
import { cpuByRole, perUnitMs, type CpuByRole } from "../tests/scale/process-cpu";
import { databaseEngineOf, redactedUrl } from "../lib/env";
import { REDIS_SERVER_PATH } from "../tests/setup/redis-server";
import { createEmptyDatabase, dropDatabase, postgresBinDir, startPostgresServer, type PostgresServer } from "../tests/setup/postgres-server";

const { values } = parseArgs({
  options: {
    students: { type: "string", default: "100" },
    rounds: { type: "string", default: "5" },
    loops: { type: "string", default: "2" },
    web: { type: "string", default: "1" },
    workers: { type: "string", default: "1,2" },
    exercise: { type: "string", default: "two-layer-net" },
    database: { type: "string", default: "postgresql" },
    "database-url": { type: "string" },
  },
});
const log = (line: string) => process.stderr.write(`[bench:scale] ${line}\n`);
const fail = (message: string): never => {
  process.stderr.write(`bench:scale: ${message}\n`);
  process.exit(2);
};
const whole = (name: string, raw: string | undefined, min: number): number => {
  const n = Number(raw);
  return Number.isInteger(n) && n >= min ? n : fail(`--${name} must be a whole number ≥ ${min} (got "${raw ?? ""}")`);
};
const students = whole("students", values.students, 1);
const rounds = whole("rounds", values.rounds, 1);
const loops = whole("loops", values.loops, 0);
const web = whole("web", values.web, 1);
const workerCounts = (values.workers ?? "").split(",").map((w) => whole("workers", w.trim(), 1));
const exercise = values.exercise ?? "";
if (!/^[a-z0-9-]+$/.test(exercise) || !fs.existsSync(path.join(ROOT, "exercises", exercise, "solution.ts"))) fail(`--exercise: no exercise package exercises/${exercise}`);
const databaseServerUrl = values["database-url"];
if (databaseServerUrl !== undefined && databaseEngineOf(databaseServerUrl) !== "postgresql") fail(`--database-url must be a postgresql:// URL (got "${redactedUrl(databaseServerUrl)}")`);
const engine = databaseServerUrl === undefined ? values.database : "postgresql";
if (engine !== "postgresql" && engine !== "sqlite") fail(`--database must be postgresql or sqlite (got "${engine ?? ""}")`);
if (engine === "postgresql" && databaseServerUrl === undefined) {
  try {
    postgresBinDir();
  } catch (e) {
    fail(`needs PostgreSQL: ${e instanceof Error ? e.message : String(e)}`);
  }
}
if (!fs.existsSync(REDIS_SERVER_PATH)) fail(`needs redis-server (${REDIS_SERVER_PATH}); install Debian's package: apt-get install redis-server`);
const cores = os.availableParallelism();

/** The load's four kinds of submission for `exercise`: its solution, a known mistake, a syntax error, an endless loop. */
function codesFor(slug: string) {
  const dir = path.join(ROOT, "exercises", slug);
  const meta = JSON.parse(fs.readFileSync(path.join(dir, "exercise.json"), "utf8")) as { exports: string[]; mistakes?: { file: string }[] };
  const read = (rel: string) => fs.readFileSync(path.join(dir, rel), "utf8");
  const mistake = meta.mistakes?.[0]?.file;
  if (!mistake) fail(`--exercise: exercises/${slug} has no known mistake to submit as the wrong answer`);
  const exported = meta.exports[0] ?? "Solution";
  return {
    correct: read("solution.ts"),
    wrong: read(mistake ?? ""),
    syntax: `${read("solution.ts")}\nexport const broken = ;\n`,
    // Loops in the constructor: whatever the suite calls first never returns.
    loop: `export class ${exported} {\n  constructor() {\n    for (;;) {\n      // never returns\n    }\n  }\n}\n`,
  };
}

interface Run {
  web: number;
  workers: number;
  students: number;
  graded: number;
  lost: number;
  p50_ms: number;
  p95_ms: number;
  throughput_per_s: number;
  errored: number;
  http_5xx: number;
  loops: number;
  loop_max_ms: number;
  wrong_outcomes: number;
  rounds: RoundReport[];
  /** CPU per submission sent, by process role (descendants of this benchmark only; a lower bound). */
  cpu_ms_per_submission: CpuByRole;
  redis_commands_per_submission: number;
}

/** Commands Redis has processed since it started (INFO stats). */
async function redisCommands(url: string): Promise<number> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    const info = await client.info("stats");
    return Number(/total_commands_processed:(\d+)/.exec(info)?.[1] ?? Number.NaN);
  } finally {
    client.disconnect();
  }
}

/** The server of --database-url, or the one this benchmark started; null for SQLite. */
let postgres: { url: string; server: PostgresServer | null } | null = null;

/** A fresh database for one run: a SQLite file in `dir`, or a new database on the PostgreSQL server. */
async function freshDatabase(dir: string, workers: number): Promise<{ url: string; drop(): Promise<void> }> {
  if (postgres === null) return { url: `file:${path.join(dir, "scale.db")}`, drop: () => Promise.resolve() };
  const { url } = postgres;
  const base = new URL(url).pathname.slice(1).replace(/[^a-z0-9_]/gi, "_").toLowerCase() || "chainrule_bench_scale";
  const name = `${base}_w${workers}`;
  return { url: await createEmptyDatabase(url, name), drop: () => dropDatabase(url, name) };
}

async function measure(workers: number): Promise<Run> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chainrule-bench-scale-"));
  const database = await freshDatabase(dir, workers);
  process.env.DATABASE_URL = database.url;
  await migrateDeploy();
  await seed();
  // Imported after DATABASE_URL is set: lib/data reads it on first use.
  const { createClass, lostInDatabase, runLoad, signInClass } = await import("../tests/load/run-load");
  const { db, disconnectDb } = await import("../lib/data/db");
  const { startTopology } = await import("../tests/scale/topology");
  const accounts = await createClass(students, "backprop");
  const exerciseId = (await db().exercise.findUniqueOrThrow({ where: { slug: exercise }, select: { id: true } })).id;
  await disconnectDb();
  const topology = await startTopology({ web, workers, pinWorkers: workers <= cores, databaseUrl: process.env.DATABASE_URL, redisDataDir: dir });
  try {
    log(`${workers} worker(s)${workers <= cores ? " pinned to cores 0.." + String(workers - 1) : ""}, ${web} web server(s): signing in ${students} students`);
    const perServer = Math.ceil(accounts.length / web);
    const sessions = (await Promise.all(topology.webURLs.map((url, i) => signInClass(url, accounts.slice(i * perServer, (i + 1) * perServer))))).flat();
    const detached = [postgres?.server?.pid() ?? null].filter((pid) => pid !== null);
    const cpuBefore = cpuByRole(detached);
    const commandsBefore = await redisCommands(topology.redis.url);
    const report = await runLoad(
      {
        baseURL: topology.webURLs[0] ?? "",
        students: accounts,
        exerciseId,
        rounds,
        loopsPerRound: loops,
        codes: codesFor(exercise),
        log: (line) => log(`${workers} worker(s): ${line}`),
      },
      sessions,
    );
    // Throughput is the class's work over the time it took to grade it: the endless loops' own
    // time limit (they run alone, decision 053) is not a measure of grading capacity.
    const cpu = perUnitMs(cpuBefore, cpuByRole(detached), report.sent);
    const commands = (await redisCommands(topology.redis.url)) - commandsBefore;
    log(`${workers} worker(s): CPU ms per submission ${JSON.stringify(cpu)}; Redis commands per submission ${(commands / report.sent).toFixed(1)}`);
    const nonLoop = report.sent - report.loops;
    const seconds = report.byRound.reduce((sum, r) => sum + r.graded_in_ms, 0) / 1000;
    for (const w of report.wrongOutcomes.slice(0, 5)) log(`unexpected outcome: ${w}`);
    const lostDb = await lostInDatabase(report.ids);
    await disconnectDb();
    return {
      web,
      workers,
      students,
      graded: report.graded,
      lost: Math.max(report.lost, lostDb),
      p50_ms: report.p50_ms,
      p95_ms: report.p95_ms,
      throughput_per_s: Math.round((nonLoop / seconds) * 10) / 10,
      errored: report.errored,
      http_5xx: report.http_5xx,
      loops: report.loops,
      loop_max_ms: report.loop_max_ms,
      wrong_outcomes: report.wrongOutcomes.length,
      rounds: report.byRound,
      cpu_ms_per_submission: cpu,
      redis_commands_per_submission: Math.round((commands / report.sent) * 10) / 10,
    };
  } finally {
    await topology.stop();
    await database.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

assertSupportedNode();
process.env.NEXT_TELEMETRY_DISABLED = "1";
process.env.NEXTAUTH_SECRET ??= (await import("node:crypto")).randomBytes(32).toString("base64url");
await generateClientIfStale();
await buildIfStale();
if (engine === "postgresql") {
  const server = databaseServerUrl === undefined ? await startPostgresServer() : null;
  postgres = { url: databaseServerUrl ?? server?.url("chainrule_bench_scale") ?? "", server };
}
log(`${cores} cores; exercise ${exercise}; ${students} students × ${rounds} rounds, ${loops} endless loop(s) per round; database: ${engine}${postgres?.server ? " (a server of its own)" : ""}`);
const runs: Run[] = [];
try {
  for (const workers of workerCounts) runs.push(await measure(workers));
} finally {
  await postgres?.server?.destroy();
}
const [first, last] = [runs[0], runs[runs.length - 1]];
if (first && last && first !== last) log(`throughput ${last.workers} vs ${first.workers} worker(s): ${(last.throughput_per_s / first.throughput_per_s).toFixed(2)}×`);
process.stdout.write(`${JSON.stringify({ runs })}\n`);
process.exitCode = runs.every((r) => r.lost === 0 && r.http_5xx === 0) ? 0 : 1;
