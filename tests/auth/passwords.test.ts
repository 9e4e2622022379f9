import { randomUUID } from "node:crypto";
import { monitorEventLoopDelay } from "node:perf_hooks";
import bcrypt from "bcrypt";
import { describe, expect, it } from "vitest";
import { signUp } from "@/lib/auth/sign-up";
import { db } from "@/lib/data/db";
import { HASHES_IN_FLIGHT, HASHES_WAITING, PasswordHashingBusy, verifyPassword } from "@/lib/data/passwords";
import { verifyCredentials } from "@/lib/data/users";
import { englishText } from "@/lib/i18n/translate";

// Passwords: bcrypt's 72-byte limit is refused out loud, and hashing runs off the event loop with
// a cap on hashes in flight (lib/data/passwords.ts, decision 061).

const uniqueEmail = () => `pw-${randomUUID().slice(0, 8)}@example.com`;

describe("passwords longer than bcrypt's 72 bytes", () => {
  it("are refused at sign-up with a message, counting bytes, not characters", async () => {
    const tooLong = await signUp({ email: uniqueEmail(), password: "a".repeat(73) }, "192.0.2.1");
    expect(tooLong.status).toBe(400);
    expect(englishText(tooLong.fieldErrors.password ?? "")).toMatch(/^Password must be at most 72 bytes/);
    // 25 Hangul syllables are 75 bytes in UTF-8.
    expect(englishText((await signUp({ email: uniqueEmail(), password: "가".repeat(25) }, "192.0.2.1")).fieldErrors.password ?? "")).toMatch(/72 bytes/);
    expect((await signUp({ email: uniqueEmail(), password: "a".repeat(72) }, "192.0.2.1")).status).toBe(201);
  });

  it("never match an account, even one created with such a password before the limit existed", async () => {
    const long = `${"x".repeat(72)}-the-part-bcrypt-never-read`;
    const email = uniqueEmail();
    // As the old code stored it: bcrypt of the whole string, which bcrypt cut at 72 bytes.
    await db().user.create({ data: { email, role: "student", passwordHash: await bcrypt.hash(long, 4) } });
    expect(await verifyCredentials(email, long)).toBeNull();
    expect(await verifyCredentials(email, `${"x".repeat(72)}-anything-else`)).toBeNull();
  });
});

describe("hashing under a flood", () => {
  it("keeps the event loop free and runs at most HASHES_IN_FLIGHT hashes at once", async () => {
    const stored = await bcrypt.hash("correct horse battery", 10);
    // One hash's time: the fastest of three, so a busy moment during the measurement cannot
    // inflate the bound below.
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const one = performance.now();
      await verifyPassword("wrong", stored);
      times.push(performance.now() - one);
    }
    const single = Math.min(...times);

    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const flood = 6 * HASHES_IN_FLIGHT;
    const started = performance.now();
    await Promise.all(Array.from({ length: flood }, () => verifyPassword("wrong", stored)));
    const elapsed = performance.now() - started;
    delay.disable();
    // A pure-JS bcrypt blocks the loop for a whole hash (~50-70 ms) each time.
    expect(delay.max / 1e6).toBeLessThan(single / 2);
    // Serialised by the cap: 6 rounds of HASHES_IN_FLIGHT, not all at once on every core.
    expect(elapsed).toBeGreaterThan(6 * single * 0.7);
  });

  it("refuses new hashes once HASHES_WAITING are queued, instead of queueing without end", async () => {
    const stored = await bcrypt.hash("correct horse battery", 4);
    const outcomes = await Promise.allSettled(Array.from({ length: HASHES_IN_FLIGHT + HASHES_WAITING + 10 }, () => verifyPassword("wrong", stored)));
    const busy = outcomes.filter((o) => o.status === "rejected" && o.reason instanceof PasswordHashingBusy).length;
    expect(busy).toBe(10);
    expect(outcomes.filter((o) => o.status === "fulfilled").length).toBe(HASHES_IN_FLIGHT + HASHES_WAITING);
  });
});
