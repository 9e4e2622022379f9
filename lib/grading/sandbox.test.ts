import { afterAll, describe, expect, it } from "vitest";
import { IsolatePool, type SandboxJob, type SandboxOutcome } from "./sandbox";

// What a run may leave behind for the next one: nothing for submissions (a fresh context each),
// globals for trusted code of the same package (a kept context), nothing across packages.

const pool = new IsolatePool(1);
afterAll(() => pool.dispose());

// Reports whether an earlier run in the same context left its mark on globalThis, then leaves one.
const job: SandboxJob = {
  js: `const seen = typeof globalThis.mark; globalThis.mark = 1; exports.f = () => seen;`,
  driver: "(function (mod) { return mod.f(); })",
  inputsJson: "[0]",
  exports: ["f"],
  timeLimitMs: 1000,
  memoryLimitMb: 64,
};

function seen(outcome: SandboxOutcome | undefined): unknown {
  if (!outcome?.ok || !outcome.output.ok) throw new Error(`run failed: ${JSON.stringify(outcome)}`);
  const first = outcome.output.cases[0];
  return first?.ok ? first.value : first?.error;
}

describe("IsolatePool contexts", () => {
  it("gives every submission a fresh context", async () => {
    expect(seen(await pool.run(job))).toBe("undefined");
    expect(seen(await pool.run(job))).toBe("undefined");
  });

  it("keeps one context for a package's trusted code, and a different one per package", async () => {
    const [a1, a2] = await pool.runTrusted([job, job], "package-a");
    expect([seen(a1), seen(a2)]).toEqual(["undefined", "number"]);
    expect(seen((await pool.runTrusted([job], "package-a"))[0])).toBe("number");
    expect(seen((await pool.runTrusted([job], "package-b"))[0])).toBe("undefined");
    // Submissions never see what trusted code left.
    expect(seen(await pool.run(job))).toBe("undefined");
  });

  it("drops the kept context when trusted code times out", async () => {
    await pool.runTrusted([job], "package-c");
    const [timedOut] = await pool.runTrusted([{ ...job, js: "for (;;) {}", timeLimitMs: 50 }], "package-c");
    expect(timedOut).toMatchObject({ ok: false, error: { kind: "timeout" } });
    expect(seen((await pool.runTrusted([job], "package-c"))[0])).toBe("undefined");
  });
});
