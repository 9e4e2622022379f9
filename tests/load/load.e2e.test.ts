import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/data/db";
import { DEMO_COURSE } from "@/lib/data/demo-seed";
import { baseURL } from "../e2e/browser";
import { createClass, lostInDatabase, mulLayerCodes, runLoad, signInClass } from "./run-load";

// The reduced form of `npm run bench:http` inside `npm test`: 20 students, 2 rounds, one infinite
// loop per round, against the e2e server. Nothing may be lost and no request may fail; the latency
// bound here is loose because `npm test` shares the CPU with everything else it runs (the full
// benchmark's figures are in docs/decisions/042-load-benchmark.md).

afterAll(async () => {
  await disconnectDb();
});

describe("class-sized load (reduced)", () => {
  it("20 students submitting at once: none lost, no 5xx, correct grades, loops time out", async () => {
    const students = await createClass(20, DEMO_COURSE.slug);
    const exerciseId = (await db().exercise.findUniqueOrThrow({ where: { slug: "mul-layer" }, select: { id: true } })).id;
    const sessions = await signInClass(baseURL(), students);
    const report = await runLoad({ baseURL: baseURL(), students, exerciseId, rounds: 2, loopsPerRound: 1, codes: mulLayerCodes() }, sessions);
    expect(report.wrongOutcomes).toEqual([]);
    expect(report.sent).toBe(40);
    expect(report.lost).toBe(0);
    expect(await lostInDatabase(report.ids)).toBe(0);
    expect(report.http_5xx).toBe(0);
    expect(report.graded).toBe(40);
    // A loop ends at its own time limit (2 s) plus slack, and the others are not held behind it.
    expect(report.loop_max_ms).toBeLessThan(8_000);
    expect(report.p95_ms).toBeLessThan(5_000);
  }, 120_000);
});
