import { readFileSync } from "node:fs";
import { loadPackageFromFiles, type PackageFiles } from "@/lib/exercises/loader";
import { gradeCode } from "../grade-code";
import { PackageRuntime } from "../package-runtime";
import { IsolatePool } from "../sandbox";

// The benchmark's second baseline: process-per-submission under the trust boundary. Each
// submission gets a brand-new Node process that does what the pooled grader does for it, with
// nothing kept from an earlier submission: it creates the package's isolate and evaluates the
// suite there (the suite is bundled ahead of time, as the grader caches it), draws the seed's
// cases and expected values in it, creates a sandbox isolate and context for the student's code,
// runs it and compares. This is the same gradeCode the grader runs; only the pooling is missing.
// Usage: node bench-sandboxed-baseline.mjs <package.json> <suite-bundle.cjs> <seed>  (code on stdin);
// prints the score.

const [packageFile = "", bundleFile = "", seedText = "1"] = process.argv.slice(2);
const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const code = Buffer.concat(chunks).toString("utf8");
const { slug, files } = JSON.parse(readFileSync(packageFile, "utf8")) as { slug: string; files: PackageFiles };
const bundled = readFileSync(bundleFile, "utf8");

const pkg = loadPackageFromFiles(slug, files, {});
if (pkg.kind !== "code") throw new Error(`${slug} is not a code package`);
const runtime = new PackageRuntime();
runtime.bundle = () => Promise.resolve(bundled);
const pool = new IsolatePool(1);
const result = await gradeCode({ pkg, suite: await runtime.load(pkg) }, { code, seed: Number(seedText), mode: "hidden" }, pool);
process.stdout.write(`${result.score}\n`);
process.exit(0);
