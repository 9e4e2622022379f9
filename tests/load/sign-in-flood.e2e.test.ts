import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/data/db";
import { DEMO_COURSE } from "@/lib/data/demo-seed";
import { baseURL } from "../e2e/browser";
import { createClass, mulLayerCodes, runLoad, signInClass } from "./run-load";
import { startSignInFlood } from "./sign-in-flood";

// The reduced form of `npm run bench:sign-in-flood` inside `npm test` (decision 061): 20 students
// submit in rounds, alone and then during a flood of sign-ins with random emails from 32 addresses.
// A pure-JS bcrypt on the event loop made every round wait behind the flood's hashes (p95 from
// ~0.2 s to ~6 s in the benchmark); the bound here is loose, as `npm test` shares the CPU.

afterAll(async () => {
  await disconnectDb();
});

describe("a sign-in flood", () => {
  it("does not delay the class's submissions", async () => {
    const students = await createClass(20, DEMO_COURSE.slug);
    const exerciseId = (await db().exercise.findUniqueOrThrow({ where: { slug: "mul-layer" }, select: { id: true } })).id;
    const sessions = await signInClass(baseURL(), students);
    const correct = mulLayerCodes().correct;
    const codes = { correct, wrong: correct, syntax: correct, loop: correct };
    const load = () => runLoad({ baseURL: baseURL(), students, exerciseId, rounds: 3, loopsPerRound: 0, codes }, sessions);
    await load(); // warm-up
    const quiet = await load();
    const flood = startSignInFlood(baseURL(), 32);
    await new Promise((r) => setTimeout(r, 2_000));
    const flooded = await load();
    const signIns = await flood.stop();
    expect(signIns.attempts).toBeGreaterThan(20); // the flood did run
    expect(flooded.graded).toBe(60);
    expect(flooded.http_5xx).toBe(0);
    expect(flooded.p95_ms).toBeLessThan(Math.max(1_500, 5 * quiet.p95_ms));
  }, 120_000);
});
