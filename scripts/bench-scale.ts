// `npm run -s bench:scale`: the class load of bench:http against the distributed topology
// (docs/deploy.md) with one grader worker and with two, each worker pinned to its own core
// (taskset), on an exercise whose grading dominates the cost. Starts everything it needs itself:
// Redis (append-only file in a temporary directory), the web servers, the workers, and a fresh
// database per run. Progress goes to stderr; the last line of stdout is one JSON object:
//   {"runs":[{"web":1,"workers":1,"students":100,"graded":…,"lost":0,"p50_ms":…,"p95_ms":…,"throughput_per_s":…},…]}
// Options: --students 100 --rounds 5 --loops 2 --web 1 --workers 1,2 --exercise two-layer-net
// See docs/decisions/103-scale-benchmark-and-capacity.md and docs/deploy.md.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { assertSupportedNode, buildIfStale, generateClientIfStale, migrateDeploy, ROOT, seed } from "./lib/project";
import { REDIS_SERVER_PATH } from "../tests/setup/redis-server";

const { values } = parseArgs({
  options: {
    students: { type: "string", default: "100" },
    rounds: { type: "string", default: "5" },
    loops: { type: "string", default: "2" },
    web: { type: "string", default: "1" },
    workers: { type: "string", default: "1,2" },
    exercise: { type: "string", default: "two-layer-net" },
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
  rounds: { p50_ms: number; p95_ms: number; ms: number }[];
}

async function measure(workers: number): Promise<Run> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chainrule-bench-scale-"));
  process.env.DATABASE_URL = `file:${path.join(dir, "scale.db")}`;
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
    const roundLog: Run["rounds"] = [];
    const started = performance.now();
    const report = await runLoad(
      {
        baseURL: topology.webURLs[0] ?? "",
        students: accounts,
        exerciseId,
        rounds,
        loopsPerRound: loops,
        codes: codesFor(exercise),
        log: (line) => {
          log(`${workers} worker(s): ${line}`);
          const m = /in (\d+) ms \(p50 (\d+), p95 (\d+) ms\)/.exec(line);
          if (m) roundLog.push({ ms: Number(m[1]), p50_ms: Number(m[2]), p95_ms: Number(m[3]) });
        },
      },
      sessions,
    );
    const seconds = (performance.now() - started) / 1000;
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
      throughput_per_s: Math.round((report.graded / seconds) * 10) / 10,
      errored: report.errored,
      http_5xx: report.http_5xx,
      loops: report.loops,
      loop_max_ms: report.loop_max_ms,
      wrong_outcomes: report.wrongOutcomes.length,
      rounds: roundLog,
    };
  } finally {
    await topology.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

assertSupportedNode();
process.env.NEXT_TELEMETRY_DISABLED = "1";
process.env.NEXTAUTH_SECRET ??= (await import("node:crypto")).randomBytes(32).toString("base64url");
await generateClientIfStale();
await buildIfStale();
log(`${cores} cores; exercise ${exercise}; ${students} students × ${rounds} rounds, ${loops} endless loop(s) per round`);
const runs: Run[] = [];
for (const workers of workerCounts) runs.push(await measure(workers));
const [first, last] = [runs[0], runs[runs.length - 1]];
if (first && last && first !== last) log(`throughput ${last.workers} vs ${first.workers} worker(s): ${(last.throughput_per_s / first.throughput_per_s).toFixed(2)}×`);
process.stdout.write(`${JSON.stringify({ runs })}\n`);
process.exitCode = runs.every((r) => r.lost === 0 && r.http_5xx === 0) ? 0 : 1;
