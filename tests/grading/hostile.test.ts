import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { diskPackageSource } from "@/lib/exercises/loader";
import { createGraderClient, gradeResultSchema, type GraderClient } from "@/lib/grading";
import type { PackageSource } from "@/lib/grading/client";

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
let pkg: PackageSource;
const logs: string[] = [];

beforeAll(async () => {
  grader = createGraderClient({ onLog: (line) => logs.push(line) });
  pkg = await diskPackageSource(manifest.exercise);
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
      const result = gradeResultSchema.parse(await grader.grade({ pkg, code, seed: 100 + i }));
      const ms = performance.now() - started;
      expect(result.score).toBe(c.score);
      expect(result.gradable).toBe(c.gradable);
      if (c.error !== undefined) expect(result.error?.kind).toBe(c.error);
      // time limit 2 s + 0.5 s wall backstop + 1 s stuck grace + a process restart, with room for a loaded CI box
      expect(ms).toBeLessThan(8000);
      const text = JSON.stringify(result);
      for (const f of c.forbidden ?? []) expect(text).not.toContain(f);
      expect(result.stdout.length).toBeLessThanOrEqual(c.maxStdout ?? 17_000);

      const after = await grader.grade({ pkg, code: correct, seed: 7 });
      expect(after.score, `a correct submission right after ${c.file}`).toBe(1);
    }, 30_000);
  }

  it("a poisoned submission leaves nothing for the next one on the same isolate, round after round", async () => {
    // One isolate, so every run lands where the last one ran. Each poison tries the features that
    // post work to the embedder or outlive the call (FinalizationRegistry, Atomics.waitAsync and
    // notify, WebAssembly's async compile, WeakRef); had any been available, the correct
    // submission after it would time out, fail, or take the process down.
    const single = createGraderClient({ poolSize: 1, onLog: (line) => logs.push(line) });
    try {
      await single.ready();
      const poisons = ["poison-left-work.ts", "finalization-registry.ts", "atomics-wait-async.ts", "weak-ref.ts", "shared-memory-wasm.ts"].map((f) => readFileSync(path.join(dir, f), "utf8"));
      for (let round = 0; round < 30; round++) {
        const poison = poisons[round % poisons.length] ?? "";
        const poisoned = await single.grade({ pkg, code: `${poison}\n// round ${round}`, seed: 500 + round });
        expect(poisoned.gradable, `poison of round ${round}`).toBe(true);
        const after = await single.grade({ pkg, code: `${correct}\n// round ${round}`, seed: 600 + round });
        expect(after.score, `the correct submission after round ${round}'s poison`).toBe(1);
        expect(after.error).toBeUndefined();
      }
      expect(single.status().restarts).toBe(0);
      expect(single.status().slowLane).toBeNull(); // nothing ran long enough to leave the fast lane
    } finally {
      await single.close();
    }
  }, 120_000);

  it("leaves the console capped and says so", async () => {
    const code = readFileSync(path.join(dir, "console-flood.ts"), "utf8");
    const result = await grader.grade({ pkg, code });
    expect(result.stdout).toMatch(/\[output truncated at \d+ characters\]$/);
  });
});
