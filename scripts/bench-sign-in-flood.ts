// `npm run -s bench:sign-in-flood`: submission latency with and without a flood of sign-ins, over
// real HTTP against `next start` on a fresh temporary database (decision 061). A class submits in
// rounds (everyone at once, each waiting for their grade) first alone, then while flooders post
// sign-ins with random emails, each from its own source address (127.0.0.x; every one also sends
// a random X-Forwarded-For), as a distributed attack would: no per-account or per-address limit
// stops them, so what protects the class is where and how much the server hashes passwords.
// Options: --students 100 --rounds 10 --flooders 100 --warm-up 3. The last line of output is JSON.
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { spawn } from "node:child_process";
import { binCommand, buildIfStale, generateClientIfStale, migrateDeploy, ROOT, seed, waitForHttp } from "./lib/project";

const { values } = parseArgs({
  options: {
    students: { type: "string", default: "100" },
    rounds: { type: "string", default: "10" },
    flooders: { type: "string", default: "100" },
    "warm-up": { type: "string", default: "3" },
  },
});
const students = Number(values.students);
const rounds = Number(values.rounds);
const flooders = Number(values.flooders);
const warmUpRounds = Number(values["warm-up"]);
for (const [name, value, min, max] of [
  ["students", students, 1, 1000],
  ["rounds", rounds, 1, 100],
  ["flooders", flooders, 1, 250],
  ["warm-up", warmUpRounds, 0, 100],
] as const) {
  if (!Number.isInteger(value) || value < min || value > max) {
    process.stderr.write(`bench:sign-in-flood: --${name} must be a whole number from ${min} to ${max}\n`);
    process.exit(2);
  }
}
// Progress goes to stderr so stdout ends with the JSON line.
const log = (line: string) => process.stderr.write(`[bench:sign-in-flood] ${line}\n`);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = http.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(agent: http.Agent, port: number, method: string, urlPath: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method, path: urlPath, headers: { host: `localhost:${port}`, ...headers }, agent }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

const randomIp = () => Array.from({ length: 4 }, () => 1 + Math.floor(Math.random() * 250)).join(".");

interface FloodStats {
  attempts: number;
  refused: number;
  errors: number;
  latencies: number[];
}

/**
 * One flooder: its own source address, a CSRF token fetched once, then sign-in after sign-in with a
 * random email until `stop` resolves. Counts answers that refuse (rate limit, busy) apart.
 */
async function flood(index: number, port: number, stop: { stopped: boolean }, stats: FloodStats): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1, localAddress: `127.0.0.${2 + index}` });
  try {
    const csrf = await request(agent, port, "GET", "/api/auth/csrf", {});
    const token = (JSON.parse(csrf.body) as { csrfToken: string }).csrfToken;
    const cookie = [csrf.headers["set-cookie"] ?? []].flat().map((c) => c.split(";")[0]).join("; ");
    while (!stop.stopped) {
      const form = new URLSearchParams({ csrfToken: token, email: `flood-${randomUUID()}@example.com`, password: "guess-1234", json: "true" }).toString();
      const t0 = performance.now();
      try {
        const res = await request(agent, port, "POST", "/api/auth/callback/credentials", {
          "content-type": "application/x-www-form-urlencoded",
          "content-length": String(Buffer.byteLength(form)),
          cookie,
          "x-forwarded-for": randomIp(),
        }, form);
        stats.attempts++;
        stats.latencies.push(performance.now() - t0);
        if (/Too%20many|Too\+many|Too many/.test(res.body)) stats.refused++;
      } catch {
        stats.errors++;
      }
    }
  } finally {
    agent.destroy();
  }
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chainrule-bench-flood-"));
  const port = await freePort();
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  process.env.NEXTAUTH_SECRET = randomBytes(32).toString("base64url");
  process.env.DATABASE_URL = `file:${path.join(dir, "bench.db")}`;
  process.env.NEXTAUTH_URL = `http://localhost:${port}`;
  await generateClientIfStale();
  await buildIfStale();
  await migrateDeploy();
  await seed();
  // Imported after DATABASE_URL is set: lib/data reads it on first use.
  const { createClass, mulLayerCodes, percentile, runLoad, signInClass } = await import("../tests/load/run-load");
  const { db, disconnectDb } = await import("../lib/data/db");
  const { DEMO_COURSE } = await import("../lib/data/demo-seed");
  const accounts = await createClass(students, DEMO_COURSE.slug);
  const exerciseId = (await db().exercise.findUniqueOrThrow({ where: { slug: "mul-layer" }, select: { id: true } })).id;
  await disconnectDb();

  const server = spawn(...binCommand("next", ["start", "-p", String(port)]), {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const stopServer = () => {
    try {
      if (server.pid !== undefined) process.kill(-server.pid, "SIGTERM");
    } catch {
      // already gone
    }
  };
  process.on("exit", stopServer);
  try {
    const baseURL = `http://localhost:${port}`;
    await waitForHttp(`${baseURL}/api/health`, 60_000);
    log(`server up on ${baseURL} (${ROOT}); signing in ${students} students`);
    const sessions = await signInClass(baseURL, accounts);
    // Everyone sends the correct solution: the measure is latency, not grading outcomes.
    const correct = mulLayerCodes(ROOT).correct;
    const codes = { correct, wrong: correct, syntax: correct, loop: correct };
    const load = (label: string, n: number) => runLoad({ baseURL, students: accounts, exerciseId, rounds: n, loopsPerRound: 0, codes, log: (l) => log(`${label} ${l}`) }, sessions);
    if (warmUpRounds > 0) await load("warm-up", warmUpRounds);

    const quiet = await load("no flood", rounds);
    const stop = { stopped: false };
    const stats: FloodStats = { attempts: 0, refused: 0, errors: 0, latencies: [] };
    const started = performance.now();
    const flooding = Promise.all(Array.from({ length: flooders }, (_, i) => flood(i, port, stop, stats)));
    await new Promise((r) => setTimeout(r, 2_000)); // let the flood build up first
    const flooded = await load("flood", rounds);
    stop.stopped = true;
    await flooding;
    const floodSeconds = (performance.now() - started) / 1000;
    stats.latencies.sort((a, b) => a - b);
    // Requests that got no grade (failed, refused); the kinds runLoad expects are not checked here,
    // since everyone sends the correct solution.
    for (const [label, r] of [["no flood", quiet], ["flood", flooded]] as const) {
      for (const w of r.wrongOutcomes.filter((o) => o.includes("POST answered")).slice(0, 3)) log(`${label}: ${w}`);
    }
    // not_graded: submissions that got no grade (the request failed or was refused): not in the percentiles.
    const summary = (r: Awaited<ReturnType<typeof load>>) => ({
      p50_ms: r.p50_ms,
      p95_ms: r.p95_ms,
      max_ms: r.max_ms,
      graded: r.graded,
      not_graded: r.sent - r.graded,
      http_5xx: r.http_5xx,
    });
    const result = {
      students,
      rounds,
      flooders,
      no_flood: summary(quiet),
      flood: summary(flooded),
      sign_in_attempts: stats.attempts,
      sign_ins_per_s: Math.round(stats.attempts / floodSeconds),
      sign_ins_refused: stats.refused,
      sign_in_errors: stats.errors,
      sign_in_p50_ms: percentile(stats.latencies, 50),
      sign_in_p95_ms: percentile(stats.latencies, 95),
      cores: os.availableParallelism(),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    stopServer();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
