import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPackage, packageSlugs } from "@/lib/exercises/loader";
import { parityProblems } from "@/lib/exercises/parity";
import { createGraderClient, type GraderClient } from "@/lib/grading";

// Issue 18's parity test: every package of the course in English and Korean, the same
// {{placeholders}}, graph blocks and message parameters in both, and nothing the suite says at run
// time left in English (lib/exercises/parity.ts). One test per item, so a report names each
// unfinished item and every text it still lacks. (The leak check runs on every language in
// tests/exercises/exercises-check.test.ts.)

const slugs = await packageSlugs();
let grader: GraderClient;

beforeAll(async () => {
  grader = createGraderClient({ onLog: (line) => process.stderr.write(`[grader] ${line}\n`) });
  await grader.ready();
}, 60_000);

afterAll(async () => {
  await grader.close();
});

describe("every package is complete in both languages", () => {
  it.each(slugs)("%s", async (slug) => {
    const problems = await parityProblems(await loadPackage(`exercises/${slug}`), { grader });
    // Thrown as a list: one line per missing or mismatched text, in the item's own words.
    if (problems.length > 0) throw new Error(`${slug}: ${problems.length} problem(s):\n  ${problems.slice(0, 60).join("\n  ")}`);
    expect(problems).toEqual([]);
  }, 120_000);
});
