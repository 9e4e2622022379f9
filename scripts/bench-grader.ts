// Benchmarks the real grading path (client → grader process → isolated-vm → host comparison)
// on correct MulLayer submissions, against a baseline of one new Node process per submission.
//
//   npm run -s bench:grader [-- --n 2000 --baseline-n 40]
//
// Every submission differs (a unique comment and seed), so no cache answers the measured work:
// each one is transpiled, run in a fresh context and compared against newly computed expected
// values. Earlier lines describe the run; the LAST line is one JSON object with the figures.
// Two baselines, both a new Node process per submission at concurrency 2:
// - "baseline" (speedup = throughput / its throughput): the workload without a sandbox (the
//   code runs with new Function, the suite in the process's own realm), as measured since the
//   first grader; kept so that figures compare across versions;
// - "sandboxed baseline" (speedup_sandboxed): the same gradeCode as the grader, package code and
//   student code in their own isolates as the trust boundary requires (decision 104), with
//   nothing pooled: what process-per-submission costs for today's grading.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import * as esbuild from "esbuild";
import { mkdirSync, writeFileSync } from "node:fs";
import { diskPackageSource } from "@/lib/exercises/loader";
import { createGraderClient } from "@/lib/grading";
import { buildSandboxScripts } from "@/lib/grading/sandbox-scripts";
import { bundleSuite } from "@/lib/grading/suite-bundle";

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

// --- the baselines: a new Node process per submission ---
/** Bundles a baseline child (lib/grading/bench/) into .cache/grader and answers the bundle's path. */
async function bundleChild(entry: string, outName: string, extra: Pick<esbuild.BuildOptions, "define" | "minifyWhitespace" | "minifySyntax"> = {}): Promise<string> {
  const outfile = path.join(root, ".cache/grader", outName);
  await esbuild.build({
    entryPoints: [path.join(root, "lib/grading/bench", entry)],
    absWorkingDir: root,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node24",
    outfile,
    external: ["esbuild", "isolated-vm"],
    alias: { "@": root },
    logLevel: "silent",
    ...extra,
  });
  return outfile;
}
const baselineEntry = await bundleChild("baseline-child.ts", "bench-baseline.mjs");
/** One submission graded by a new process running `entry` with `args` and the seed. */
const runProcess = (entry: string, args: string[]): Promise<number> =>
  new Promise((resolve, reject) => {
    const { code, seed } = variant();
    const t = performance.now();
    const proc = spawn(process.execPath, [entry, ...args, String(seed)], { cwd: root, stdio: ["pipe", "pipe", "inherit"] });
    let out = "";
    proc.stdout.on("data", (d: Buffer) => (out += d.toString()));
    proc.on("exit", (exitCode) => {
      if (exitCode !== 0 || out.trim() !== "1") reject(new Error(`baseline run failed (${exitCode}): ${out}`));
      else resolve(performance.now() - t);
    });
    proc.stdin.end(code);
  });
const runBaseline = (): Promise<number> => runProcess(baselineEntry, []);

// The sandboxed baseline: the grader's own code in a process per submission (see the top).
const sandboxedEntry = await bundleChild("sandboxed-baseline-child.ts", "bench-sandboxed-baseline.mjs", {
  define: { __CHAINRULE_SANDBOX_SCRIPTS__: JSON.stringify(buildSandboxScripts(root).scripts) },
  minifyWhitespace: true,
  minifySyntax: true,
});
mkdirSync(path.join(root, ".cache/grader"), { recursive: true });
const packageFile = path.join(root, ".cache/grader/bench-package.json");
const suiteFile = path.join(root, ".cache/grader/bench-suite.cjs");
writeFileSync(packageFile, JSON.stringify({ slug: pkg.slug, files: pkg.files }));
writeFileSync(suiteFile, await bundleSuite(pkg.files, pkg.label));
const runSandboxed = (): Promise<number> => runProcess(sandboxedEntry, [packageFile, suiteFile]);

/** p50 of `n` runs one at a time, then throughput of `n` runs at concurrency 2 (one per core on the reference machine). */
async function measureBaseline(run: () => Promise<number>): Promise<{ p50: number; throughput: number }> {
  await run();
  const latencies: number[] = [];
  for (let i = 0; i < BASELINE_N; i++) latencies.push(await run());
  const concurrency = 2;
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < BASELINE_N) await run();
    }),
  );
  return { p50: percentile(latencies, 50), throughput: BASELINE_N / ((performance.now() - started) / 1000) };
}
const baseline = await measureBaseline(runBaseline);
log(`baseline (new Node process per submission, no sandbox, ${BASELINE_N} runs): p50 ${baseline.p50.toFixed(1)} ms, ${baseline.throughput.toFixed(1)} /s at concurrency 2`);
const sandboxed = await measureBaseline(runSandboxed);
log(`sandboxed baseline (new Node process per submission, isolates as in the grader, ${BASELINE_N} runs): p50 ${sandboxed.p50.toFixed(1)} ms, ${sandboxed.throughput.toFixed(1)} /s at concurrency 2`);

log(
  JSON.stringify({
    p50_ms: round(p50),
    p95_ms: round(p95),
    throughput_per_s: round(throughput, 0),
    baseline_p50_ms: round(baseline.p50, 1),
    baseline_throughput_per_s: round(baseline.throughput, 1),
    speedup: round(throughput / baseline.throughput, 1),
    sandboxed_baseline_p50_ms: round(sandboxed.p50, 1),
    sandboxed_baseline_throughput_per_s: round(sandboxed.throughput, 1),
    speedup_sandboxed: round(throughput / sandboxed.throughput, 1),
    cold_start_ms: round(coldStartMs, 0),
  }),
);
process.exit(0);
