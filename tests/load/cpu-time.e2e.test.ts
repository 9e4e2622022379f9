import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diskPackageSource, loadPackage } from "@/lib/exercises/loader";
import { createGraderClient, type GraderClient, type PackageSource } from "@/lib/grading/client";
import { PackageRuntime } from "@/lib/grading/package-runtime";
import { prepareCases } from "@/lib/grading/grade-code";
import { IsolatePool } from "@/lib/grading/sandbox";
import { transpileSubmission } from "@/lib/grading/transpile";

// CPU time, not wall time, decides "too slow" (decision 053). While infinite loops fill the grader
// and other programs saturate both cores, a correct but slow submission (about three quarters of
// its CPU limit) is graded: it must get its score, never a timeout. The same run under a
// wall-clock limit does time out here (the control), so the scenario really is one where a
// wall-clock grader would be unfair. In the e2e project: it runs alone, after the unit tests.

const LIMIT_MS = 2000;
let grader: GraderClient;
let mul: PackageSource;
const hogs: ChildProcess[] = [];

/** A correct MulLayer that spins `n` additions in each forward (12 hidden cases). */
const slowSolution = (n: number) => `export class MulLayer {
  x = 0;
  y = 0;
  forward(x: number, y: number): number {
    let s = 0;
    for (let i = 0; i < ${n}; i++) s += i & 1;
    this.x = x;
    this.y = y;
    return x * y + (s < 0 ? 1 : 0);
  }
  backward(dout: number): [number, number] {
    return [dout * this.y, dout * this.x];
  }
}`;

function startHogs(count: number): void {
  for (let i = 0; i < count; i++) hogs.push(spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" }));
}

beforeAll(async () => {
  grader = createGraderClient({ onLog: () => undefined });
  mul = await diskPackageSource("mul-layer");
  await grader.ready();
});

afterAll(async () => {
  for (const hog of hogs) hog.kill("SIGKILL");
  await grader.close();
});

describe("a loaded machine", () => {
  it("never gives a correct but slow submission a timeout score", async () => {
    // Calibrate on the quiet machine: about 1.4 s of CPU for the 12 hidden cases, under the 2 s limit.
    const pkg = await loadPackage("exercises/mul-layer");
    if (pkg.kind !== "code") throw new Error("mul-layer is a code item");
    const runtime = new PackageRuntime();
    const loaded = { pkg, suite: await runtime.load(pkg) };
    const cases = await prepareCases(loaded, 1, "hidden");
    const pool = new IsolatePool(1);
    const runMs = async (n: number): Promise<{ ok: boolean; ms: number; kind?: string }> => {
      const js = await transpileSubmission(slowSolution(n));
      if (!js.ok) throw new Error("slow solution does not transpile");
      const run = await pool.run({ js: js.js, driver: loaded.suite.descriptor?.driver ?? "", inputsJson: cases.inputsJson, exports: ["MulLayer"], timeLimitMs: LIMIT_MS, memoryLimitMb: 64 });
      return { ok: run.ok, ms: run.runMs, kind: run.ok ? undefined : run.error.kind };
    };
    const probe = 5_000_000;
    const probeMs = (await runMs(probe)).ms;
    const n = Math.round((probe * 1400) / probeMs);
    const quiet = await runMs(n);
    expect(quiet.ok).toBe(true);
    expect(quiet.ms).toBeLessThan(LIMIT_MS * 0.9);
    const code = slowSolution(n);
    expect((await grader.grade({ pkg: mul, code, seed: 1 })).score).toBe(1);

    // Saturate: four busy programs for two cores, and infinite loops from four students.
    startHogs(4);
    await new Promise((r) => setTimeout(r, 300));
    // The control: measured against wall time, the same run is now "too slow".
    const control = await runMs(n);
    expect(control.kind).toBe("timeout");
    pool.dispose();
    runtime.dispose();

    const loops = [1, 2, 3, 4].map((i) =>
      grader.grade({ pkg: mul, code: `export class MulLayer { forward(): number { for (;;) {} } backward(): number[] { return []; } } // ${i}`, owner: `looper-${i}` }),
    );
    const slow = await grader.grade({ pkg: mul, code, seed: 2, owner: "diligent" });
    expect(slow.error?.kind).not.toBe("timeout");
    expect(slow).toMatchObject({ score: 1, gradable: true });
    for (const looped of await Promise.all(loops)) expect(looped.error?.kind).toBe("timeout");
  }, 180_000);
});
