// `npm run -s bench:http`: the class-sized load benchmark over real HTTP. Builds if stale, serves
// the built app with `next start` on a fresh temporary SQLite database, signs in N simulated
// students (real next-auth sessions) and has them all submit at once for several rounds (correct,
// wrong, syntax-error and infinite-loop code). The last line of output is one JSON object.
// Options: --students 100 --rounds 5 --loops 2 (infinite loops per round) --warm-up 0 (unmeasured
// rounds of the previous exercise first; 0 measures a freshly started server, as on exam day)
// --database-url postgresql://… (an empty database on a PostgreSQL server instead of the temporary
// SQLite file; decision 057). Every round is reported on its own (by_round), the first one being
// the cold server's. See docs/decisions/042-load-benchmark.md and 102.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { binCommand, buildIfStale, generateClientIfStale, migrateDeploy, ROOT, seed, waitForHttp } from "./lib/project";

const { values } = parseArgs({
  options: {
    students: { type: "string", default: "100" },
    rounds: { type: "string", default: "5" },
    loops: { type: "string", default: "2" },
    "warm-up": { type: "string", default: "0" },
    "database-url": { type: "string" },
  },
});
const students = Number(values.students);
const rounds = Number(values.rounds);
const loops = Number(values.loops);
const warmUpRounds = Number(values["warm-up"]);
for (const [name, value, min] of [["students", students, 1], ["rounds", rounds, 1], ["loops", loops, 0], ["warm-up", warmUpRounds, 0]] as const) {
  if (!Number.isInteger(value) || value < min) {
    process.stderr.write(`bench:http: --${name} must be a whole number ≥ ${min}\n`);
    process.exit(2);
  }
}
// Progress goes to stderr so stdout ends with the JSON line.
const log = (line: string) => process.stderr.write(`[bench:http] ${line}\n`);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chainrule-bench-http-"));
  const port = await freePort();
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  process.env.NEXTAUTH_SECRET = randomBytes(32).toString("base64url");
  process.env.DATABASE_URL = values["database-url"] ?? `file:${path.join(dir, "bench.db")}`;
  process.env.NEXTAUTH_URL = `http://localhost:${port}`;
  await generateClientIfStale();
  await buildIfStale();
  await migrateDeploy();
  await seed();
  // Imported after DATABASE_URL is set: lib/data reads it on first use.
  const { createClass, lostInDatabase, mulLayerCodes, runLoad, signInClass } = await import("../tests/load/run-load");
  const { db, disconnectDb } = await import("../lib/data/db");
  const { DEMO_COURSE } = await import("../lib/data/demo-seed");
  const accounts = await createClass(students, DEMO_COURSE.slug);
  const exerciseId = (await db().exercise.findUniqueOrThrow({ where: { slug: "mul-layer" }, select: { id: true } })).id;

  const spawnedAt = performance.now();
  const server = spawn(...binCommand("next", ["start", "-p", String(port)]), {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "inherit"],
    detached: true,
  });
  // The server's own lines about its start (grader warm-up) belong in the benchmark's log.
  server.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    for (const line of chunk.split("\n")) if (line.startsWith("[chainrule]")) log(`server: ${line}`);
  });
  const stop = () => {
    try {
      if (server.pid !== undefined) process.kill(-server.pid, "SIGTERM");
    } catch {
      // already gone
    }
  };
  process.on("exit", stop);
  try {
    const baseURL = `http://localhost:${port}`;
    await waitForHttp(`${baseURL}/api/health`, 60_000);
    const readyMs = Math.round(performance.now() - spawnedAt);
    log(`server up on ${baseURL} ${readyMs} ms after its start; signing in ${students} students`);
    const sessions = await signInClass(baseURL, accounts);
    // Optional warm-up (not measured), as an hour of use before the exam would give: every student
    // submits the previous exercise (add-layer) a number of times (decision 042). The default is
    // none: exam day starts with a freshly started server, which warms itself before it reports
    // ready (decision 102). Nothing of it answers for mul-layer: its cases, diagnoses and fast-lane
    // budget are computed per student seed in the measured rounds.
    const codes = mulLayerCodes();
    const addLayerId = (await db().exercise.findUniqueOrThrow({ where: { slug: "add-layer" }, select: { id: true } })).id;
    const addLayer = fs.readFileSync(path.join(ROOT, "exercises/add-layer/solution.ts"), "utf8");
    // (Everyone sends the correct solution; the warm-up's outcomes are not checked or reported.)
    const warm = { correct: addLayer, wrong: addLayer, syntax: addLayer, loop: addLayer };
    if (warmUpRounds > 0) {
      const warmLog = (line: string) => log(`warm-up ${line}`);
      await runLoad({ baseURL, students: accounts, exerciseId: addLayerId, rounds: warmUpRounds, loopsPerRound: 0, codes: warm, log: warmLog }, sessions);
    }
    log(`${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} before the run`);
    const report = await runLoad({ baseURL, students: accounts, exerciseId, rounds, loopsPerRound: loops, codes, log }, sessions);
    const lostDb = await lostInDatabase(report.ids);
    for (const w of report.wrongOutcomes.slice(0, 10)) log(`unexpected outcome: ${w}`);
    await disconnectDb();
    const result = {
      students: report.students,
      sent: report.sent,
      graded: report.graded,
      lost: Math.max(report.lost, lostDb),
      http_5xx: report.http_5xx,
      p50_ms: report.p50_ms,
      p95_ms: report.p95_ms,
      max_ms: report.max_ms,
      errored: report.errored,
      rounds: report.rounds,
      by_round: report.byRound,
      server_ready_ms: readyMs,
      warm_up_rounds: warmUpRounds,
      loops: report.loops,
      loop_max_ms: report.loop_max_ms,
      polled: report.polled,
      wrong_outcomes: report.wrongOutcomes.length,
      load_avg_1m: Math.round((os.loadavg()[0] ?? 0) * 10) / 10,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exitCode = result.lost === 0 && result.http_5xx === 0 ? 0 : 1;
  } finally {
    stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
