import vm from "node:vm";
import { createRng } from "@/lib/engine";
import suite from "@/exercises/mul-layer/suite";
import { compareOutput } from "../compare";
import { transpileSubmission } from "../transpile";

// The benchmark's baseline: what grading costs when every submission gets a brand-new Node
// process (started per submission, no pooling). Same workload as the grader: transpile, run the
// driver on the hidden cases, compare with the engine's expected values. The suite is bundled
// in ahead of time (as the grader caches it), so only per-submission work is measured. It runs
// the code with new Function in its own process, which is NOT a sandbox: for timing only.
// Usage: node bench-baseline.mjs <seed>  (code on stdin); prints the score.

const [seedText = "1"] = process.argv.slice(2);
const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const code = Buffer.concat(chunks).toString("utf8");
const cases = suite.hiddenCases(createRng(Number(seedText)));
const t = await transpileSubmission(code);
if (!t.ok) throw new Error(t.error.message);
const module = { exports: {} as Record<string, unknown> };
const factory = vm.runInThisContext(`(function (exports, module) {${t.js}\n})`) as (e: object, m: object) => void;
factory(module.exports, module);
let passed = 0;
for (const c of cases) {
  const out = JSON.parse(JSON.stringify(suite.driver(module.exports, c.input))) as unknown;
  if (compareOutput(out, suite.expected(c.input), suite.rtol ?? 1e-6).length === 0) passed++;
}
process.stdout.write(`${passed / cases.length}\n`);
