// Benchmarks the real grading path (client → grader process → isolated-vm → host comparison)
// on correct MulLayer submissions, against a baseline of one new Node process per submission.
//
//   npm run -s bench:grader [-- --n 2000 --baseline-n 40]
//
// Every submission differs (a unique comment and seed), so no cache answers the measured work:
// each one is transpiled, run in a fresh context and compared against newly computed expected
// values. Earlier lines describe the run; the LAST line is one JSON object with the figures
// (speedup = throughput / baseline throughput).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import * as esbuild from "esbuild";
import { diskPackageSource } from "@/lib/exercises/loader";
import { createGraderClient } from "@/lib/grading";

const root = process.cwd();
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const N = arg("n", 2000);
const BASELINE_N = arg("baseline-n", 40);
const solution = readFileSync(path.join(root, "exercises/mul-layer/solution.ts"), "utf8");
let serial = 0;
/** A distinct but equivalent submission: unique comment, varied whitespace. */
const variant = (): { code: string; seed: number } => {
  serial++;
  const pad = " ".repeat(serial % 7);
  return { code: `// submission ${serial} ${Math.random()}\n${solution.replace("return x * y;", `return x * y;${pad}`)}`, seed: 10_000 + serial };
};
const percentile = (xs: number[], p: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const round = (x: number, d = 2): number => Number(x.toFixed(d));
const log = (line: string) => process.stdout.write(`${line}\n`);

// --- the grader ---
const coldStarted = performance.now();
const client = createGraderClient({ onLog: (l) => process.stderr.write(`[grader] ${l}\n`) });
const status = await client.ready();
const coldStartMs = performance.now() - coldStarted;
log(`grader cold start: ${coldStartMs.toFixed(0)} ms (child ready ${status.coldStartMs?.toFixed(0)} ms after spawn), pid ${status.pid}`);

const pkg = await diskPackageSource("mul-layer");
const gradeOne = async (): Promise<number> => {
  const { code, seed } = variant();
  const t = performance.now();
  const r = await client.grade({ pkg, code, seed });
  const ms = performance.now() - t;
  if (r.score !== 1 || r.tests.length < 10) throw new Error(`bench submission scored ${r.score} (${JSON.stringify(r.error ?? r.tests[0])})`);
  return ms;
};

for (let i = 0; i < 300; i++) await gradeOne(); // warm-up: JIT, isolates, esbuild service
const latencies: number[] = [];
for (let i = 0; i < N; i++) latencies.push(await gradeOne());
const p50 = percentile(latencies, 50);
const p95 = percentile(latencies, 95);
log(`latency (one at a time, ${N} submissions, 12 hidden cases each): p50 ${p50.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms, p99 ${percentile(latencies, 99).toFixed(2)} ms`);

const burst = N * 2;
const burstStarted = performance.now();
await Promise.all(Array.from({ length: burst }, () => gradeOne()));
const throughput = burst / ((performance.now() - burstStarted) / 1000);
log(`throughput (${burst} submissions queued at once): ${throughput.toFixed(0)} /s`);
await client.close();

// --- the baseline: a new Node process per submission ---
const baselineEntry = path.join(root, ".cache/grader/bench-baseline.mjs");
await esbuild.build({
  entryPoints: [path.join(root, "lib/grading/bench/baseline-child.ts")],
  absWorkingDir: root,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node24",
  outfile: baselineEntry,
  external: ["esbuild", "isolated-vm"],
  alias: { "@": root },
  logLevel: "silent",
});
const runBaseline = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const { code, seed } = variant();
    const t = performance.now();
    const proc = spawn(process.execPath, [baselineEntry, String(seed)], { cwd: root, stdio: ["pipe", "pipe", "inherit"] });
    let out = "";
    proc.stdout.on("data", (d: Buffer) => (out += d.toString()));
    proc.on("exit", (exitCode) => {
      if (exitCode !== 0 || out.trim() !== "1") reject(new Error(`baseline run failed (${exitCode}): ${out}`));
      else resolve(performance.now() - t);
    });
    proc.stdin.end(code);
  });
await runBaseline();
const baselineLatencies: number[] = [];
for (let i = 0; i < BASELINE_N; i++) baselineLatencies.push(await runBaseline());
const baselineP50 = percentile(baselineLatencies, 50);
const concurrency = 2; // one per core on the reference machine
const baselineStarted = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next++ < BASELINE_N) await runBaseline();
  }),
);
const baselineThroughput = BASELINE_N / ((performance.now() - baselineStarted) / 1000);
log(`baseline (new Node process per submission, ${BASELINE_N} runs): p50 ${baselineP50.toFixed(1)} ms, ${baselineThroughput.toFixed(1)} /s at concurrency ${concurrency}`);

log(
  JSON.stringify({
    p50_ms: round(p50),
    p95_ms: round(p95),
    throughput_per_s: round(throughput, 0),
    baseline_p50_ms: round(baselineP50, 1),
    baseline_throughput_per_s: round(baselineThroughput, 1),
    speedup: round(throughput / baselineThroughput, 1),
    cold_start_ms: round(coldStartMs, 0),
  }),
);
process.exit(0);
