import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createGraderClient, gradeResultSchema, type GraderClient } from "@/lib/grading";

// The hostile corpus through the real grader process: each submission must end within its
// limits with its verdict, the grader must stay healthy, and a correct submission graded right
// after must score 1 (so nothing leaked or broke).

const dir = path.join(process.cwd(), "tests/fixtures/hostile");
const manifest = z
  .object({
    exercise: z.string(),
    cases: z.array(
      z.strictObject({
        file: z.string(),
        score: z.number(),
        gradable: z.boolean(),
        error: z.string().optional(),
        forbidden: z.array(z.string()).optional(),
        maxStdout: z.number().optional(),
      }),
    ),
  })
  .parse(JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8")));

const correct = readFileSync(path.join(process.cwd(), `exercises/${manifest.exercise}/solution.ts`), "utf8");
let grader: GraderClient;
const logs: string[] = [];

beforeAll(async () => {
  grader = createGraderClient({ onLog: (line) => logs.push(line) });
  await grader.ready();
});
afterAll(async () => {
  await grader.close();
});

describe("hostile corpus", () => {
  it("covers at least the required kinds of attack", () => {
    expect(manifest.cases.length).toBeGreaterThanOrEqual(30);
  });

  for (const [i, c] of manifest.cases.entries()) {
    it(`${c.file} → score ${c.score}${c.gradable ? "" : " (not gradable)"}${c.error ? `, ${c.error}` : ""}`, async () => {
      const code = readFileSync(path.join(dir, c.file), "utf8");
      const started = performance.now();
      const result = gradeResultSchema.parse(await grader.grade({ slug: manifest.exercise, code, seed: 100 + i }));
      const ms = performance.now() - started;
      expect(result.score).toBe(c.score);
      expect(result.gradable).toBe(c.gradable);
      if (c.error !== undefined) expect(result.error?.kind).toBe(c.error);
      // time limit 2 s + 0.5 s wall backstop + 1 s stuck grace + a process restart, with room for a loaded CI box
      expect(ms).toBeLessThan(8000);
      const text = JSON.stringify(result);
      for (const f of c.forbidden ?? []) expect(text).not.toContain(f);
      expect(result.stdout.length).toBeLessThanOrEqual(c.maxStdout ?? 17_000);

      const after = await grader.grade({ slug: manifest.exercise, code: correct, seed: 7 });
      expect(after.score, `a correct submission right after ${c.file}`).toBe(1);
    }, 30_000);
  }

  it("leaves the console capped and says so", async () => {
    const code = readFileSync(path.join(dir, "console-flood.ts"), "utf8");
    const result = await grader.grade({ slug: manifest.exercise, code });
    expect(result.stdout).toMatch(/\[output truncated at \d+ characters\]$/);
  });
});
