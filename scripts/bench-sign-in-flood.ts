// `npm run -s bench:sign-in-flood`: submission latency with and without a flood of sign-ins, over
// real HTTP against `next start` on a fresh temporary database (decision 061). A class submits in
// rounds (everyone at once, each waiting for their grade) first alone, then while flooders post
// sign-ins with random emails from many source addresses (tests/load/sign-in-flood.ts).
// Options: --students 100 --rounds 10 --flooders 100 --warm-up 3. The last line of output is JSON.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { freePort, startNextServer } from "../tests/e2e/server";
import { buildIfStale, generateClientIfStale, migrateDeploy, ROOT, seed } from "./lib/project";

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
  const { createClass, mulLayerCodes, runLoad, signInClass } = await import("../tests/load/run-load");
  const { startSignInFlood } = await import("../tests/load/sign-in-flood");
  const { db, disconnectDb } = await import("../lib/data/db");
  const { DEMO_COURSE } = await import("../lib/data/demo-seed");
  const accounts = await createClass(students, DEMO_COURSE.slug);
  const exerciseId = (await db().exercise.findUniqueOrThrow({ where: { slug: "mul-layer" }, select: { id: true } })).id;
  await disconnectDb();

  const server = await startNextServer(port);
  try {
    const { baseURL } = server;
    log(`server up on ${baseURL} (${ROOT}); signing in ${students} students`);
    const sessions = await signInClass(baseURL, accounts);
    // Everyone sends the correct solution: the measure is latency, not grading outcomes.
    const correct = mulLayerCodes(ROOT).correct;
    const codes = { correct, wrong: correct, syntax: correct, loop: correct };
    const load = (label: string, n: number) => runLoad({ baseURL, students: accounts, exerciseId, rounds: n, loopsPerRound: 0, codes, log: (l) => log(`${label} ${l}`) }, sessions);
    if (warmUpRounds > 0) await load("warm-up", warmUpRounds);

    const quiet = await load("no flood", rounds);
    const flood = startSignInFlood(baseURL, flooders);
    await new Promise((r) => setTimeout(r, 2_000)); // let the flood build up first
    const flooded = await load("flood", rounds);
    const signIns = await flood.stop();
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
      sign_in_attempts: signIns.attempts,
      sign_ins_per_s: Math.round(signIns.attempts / signIns.seconds),
      sign_ins_refused: signIns.refused,
      sign_in_errors: signIns.errors,
      sign_in_p50_ms: signIns.p50_ms,
      sign_in_p95_ms: signIns.p95_ms,
      cores: os.availableParallelism(),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
