// Grades one submission through the real grader process and prints exactly one JSON
// GradeResult on stdout (everything else goes to stderr).
//
//   npm run -s grade -- <exercise-slug> <file.ts> [--seed N] [--public]
//   npm run -s grade -- <exercise-slug> --answer '<json>' [--seed N]
//
// The default seed is 1 (the same default as the grading client). Exit code 0 whenever
// grading happened, whatever the score; 2 for usage errors, a missing exercise or file.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { diskPackageSource } from "@/lib/exercises/loader";
import { createGraderClient, DEFAULT_SEED, gradeResultSchema, type GradeJob } from "@/lib/grading";

const USAGE = `usage: npm run -s grade -- <exercise-slug> <file.ts> [--seed N] [--public]
       npm run -s grade -- <exercise-slug> --answer '<json>' [--seed N]`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

type Request = { slug: string; seed: number } & ({ answer: unknown } | { code: string; mode: "public" | "hidden" });

function parseArgs(argv: string[]): Request {
  const positional: string[] = [];
  let seed = DEFAULT_SEED;
  let mode: "public" | "hidden" = "hidden";
  let answer: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--seed") {
      const value = argv[++i];
      if (value === undefined || !/^-?\d+$/.test(value)) fail(`--seed needs an integer\n${USAGE}`);
      seed = Number(value);
    } else if (arg === "--public") {
      mode = "public";
    } else if (arg === "--answer") {
      answer = argv[++i];
      if (answer === undefined) fail(`--answer needs a JSON value\n${USAGE}`);
    } else if (arg === "--help" || arg === "-h") {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else if (arg.startsWith("--")) {
      fail(`unknown option ${arg}\n${USAGE}`);
    } else {
      positional.push(arg);
    }
  }
  const [slug, file, extra] = positional;
  if (slug === undefined || extra !== undefined) fail(USAGE);
  const dir = path.join(process.cwd(), "exercises", slug);
  if (!/^[a-z0-9-]+$/.test(slug) || !existsSync(path.join(dir, "exercise.json"))) fail(`no such exercise: ${slug} (looked in exercises/${slug}/)`);
  if (answer !== undefined) {
    if (file !== undefined) fail(`give either a file or --answer, not both\n${USAGE}`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer);
    } catch (err) {
      fail(`--answer is not valid JSON: ${(err as Error).message}`);
    }
    return { slug, answer: parsed, seed };
  }
  if (file === undefined) fail(`missing the submission file\n${USAGE}`);
  if (!existsSync(file)) fail(`no such file: ${file}`);
  return { slug, code: readFileSync(file, "utf8"), seed, mode };
}

const request = parseArgs(process.argv.slice(2));
const { slug, ...rest } = request;
const job: GradeJob = { pkg: await diskPackageSource(slug), ...rest };
const client = createGraderClient();
try {
  const result = gradeResultSchema.parse(await client.grade(job));
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await client.close();
}
