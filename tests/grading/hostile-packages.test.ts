import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { checkPackage } from "@/lib/exercises/check-package";
import { loadPackageFromFiles, readPackageFiles } from "@/lib/exercises/loader";
import { createGraderClient, type GraderClient } from "@/lib/grading/client";

// Hostile exercise packages (instructor code is semi-trusted: it runs only in the grader's
// isolates) through the checks that exercises:check and the authoring page run. Each must end in
// a problem naming the file, the function and what happened; none may leave a trace on the host.

const dir = path.join(process.cwd(), "tests/fixtures/hostile-packages");
const manifest = z
  .object({
    marker: z.string(),
    cases: z.array(z.strictObject({ file: z.string(), base: z.enum(["mul-layer", "predict-dapple"]), message: z.string() })),
  })
  .parse(JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8")));

// A secret this process holds, as the web server holds its own: a grader must not be able to read it.
const SECRET = `server-secret-${Math.random().toString(36).slice(2)}`;
let grader: GraderClient;

beforeAll(async () => {
  process.env.NEXTAUTH_SECRET = SECRET;
  rmSync(manifest.marker, { force: true });
  grader = createGraderClient({ onLog: () => undefined });
  await grader.ready();
});

afterAll(async () => {
  await grader.close();
});

describe("hostile exercise packages", () => {
  it("covers what the trust boundary promises to refuse", () => {
    expect(manifest.cases.length).toBeGreaterThanOrEqual(18);
  });

  // Four at a time: the looping ones each wait out a package call's limit.
  const reports = new Map<string, Promise<string>>();
  const report = (c: (typeof manifest.cases)[number], i: number): Promise<string> => {
    let pending = reports.get(c.file);
    if (pending === undefined) {
      const wave = Math.floor(i / 4);
      pending = (async () => {
        await Promise.all([...reports.entries()].filter((_, k) => Math.floor(k / 4) < wave).map(([, p]) => p));
        const files = await readPackageFiles(path.join(process.cwd(), "exercises", c.base));
        const pkg = loadPackageFromFiles(`hostile-${i}`, { ...files, "suite.ts": readFileSync(path.join(dir, c.file), "utf8") });
        const checked = await checkPackage(pkg, { grader, seeds: 2, sampleSeeds: [1] });
        expect(checked.ok).toBe(false);
        return checked.problems.join("\n");
      })();
      reports.set(c.file, pending);
    }
    return pending;
  };

  for (const [i, c] of manifest.cases.entries()) {
    it(`${c.file}: ${c.message.replace(/\\/g, "").slice(0, 80)}`, async () => {
      const problems = await report(c, i);
      expect(problems).toMatch(new RegExp(c.message));
      expect(problems).not.toContain(SECRET);
      expect(existsSync(manifest.marker), "the marker file a suite tried to create").toBe(false);
    }, 60_000);
  }

  it("left the grader healthy: a correct submission is graded right after", async () => {
    await Promise.all([...reports.values()]);
    const files = await readPackageFiles(path.join(process.cwd(), "exercises/mul-layer"));
    const result = await grader.grade({ pkg: { slug: "mul-layer", files }, code: files["solution.ts"] ?? "", seed: 3 });
    expect(result.score).toBe(1);
  }, 120_000);
});
