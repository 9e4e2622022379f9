import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { connectRateLimitRedis, createRateLimits, FAILED_SIGN_INS_PER_ADDRESS, GRADES_PER_STUDENT, signInWaitSeconds, type LimitDecision, type RateLimits } from "@/lib/auth/rate-limits";
import { startRedisServer, type RedisServer } from "../setup/redis-server";

// The rate limits of lib/auth/rate-limits.ts on their real stores: memory (one server) and a real
// redis-server shared by two independent sets of limiters, as two web servers would hold them.
// Over HTTP (which address a request counts against): tests/security/client-address.e2e.test.ts.

const account = () => `victim-${randomUUID().slice(0, 8)}@example.com`;
const address = () => `198.51.100.${Math.floor(Math.random() * 250)}`;

/** One wrong password: the attempt as the sign-in route makes it, then its failure. */
async function wrongPassword(limits: RateLimits, from: string, email: string): Promise<LimitDecision> {
  const attempt = await limits.signIn(from, email);
  if (!attempt.allowed) return attempt;
  await attempt.failed();
  return { allowed: true };
}

describe("sign-in back-off per account", () => {
  afterEach(() => vi.useRealTimers());

  it("lets four attempts through freely, then makes each wait 30 s, doubling to 15 min, from any address", async () => {
    vi.useFakeTimers();
    const limits = createRateLimits({ redis: null });
    const email = account();
    for (let i = 1; i <= 5; i++) expect(await wrongPassword(limits, address(), email), `attempt ${i}`).toEqual({ allowed: true });
    // A new address does not help: the account is what is limited.
    expect(await wrongPassword(limits, address(), email)).toEqual({ allowed: false, retryAfterSeconds: 30 });
    vi.advanceTimersByTime(29_000);
    expect(await wrongPassword(limits, address(), email)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    vi.advanceTimersByTime(1_001);
    expect(await wrongPassword(limits, address(), email)).toEqual({ allowed: true }); // attempt 6
    expect(await wrongPassword(limits, address(), email)).toEqual({ allowed: false, retryAfterSeconds: 60 });
    const waits = [6, 7, 8, 9, 10, 11].map(signInWaitSeconds);
    expect(waits).toEqual([60, 120, 240, 480, 900, 900]);
  });

  it("requests sent together get no more attempts than requests sent one by one", async () => {
    const limits = createRateLimits({ redis: null });
    const email = account();
    const decisions = await Promise.all(Array.from({ length: 30 }, () => limits.signIn(address(), email)));
    // Four free attempts and the fifth, which starts the first wait.
    expect(decisions.filter((d) => d.allowed).length).toBe(5);
  });

  it("a right password forgets the failures; a busy server gives the attempt back", async () => {
    const limits = createRateLimits({ redis: null });
    const email = account();
    for (let i = 0; i < 4; i++) await wrongPassword(limits, address(), email);
    const busy = await limits.signIn(address(), email);
    if (!busy.allowed) throw new Error("the fifth attempt is allowed");
    await busy.cancelled();
    const right = await limits.signIn(address(), email);
    if (!right.allowed) throw new Error("a cancelled attempt must not count");
    await right.succeeded();
    for (let i = 1; i <= 5; i++) expect((await wrongPassword(limits, address(), email)).allowed, `attempt ${i} after success`).toBe(true);
  });
});

describe("the current password on the account page", () => {
  it("shares the account's back-off with sign-in (no address: a session holder guessing counts too)", async () => {
    const limits = createRateLimits({ redis: null });
    const email = account();
    for (let i = 0; i < 3; i++) expect((await wrongPassword(limits, address(), email)).allowed).toBe(true);
    for (let i = 0; i < 2; i++) {
      const check = await limits.signIn(null, email);
      if (!check.allowed) throw new Error(`check ${i + 1} refused`);
      await check.failed();
    }
    expect(await limits.signIn(null, email)).toMatchObject({ allowed: false });
    expect(await wrongPassword(limits, address(), email)).toMatchObject({ allowed: false });
  });
});

describe("failed sign-ins per address", () => {
  it(`refuses an address after ${FAILED_SIGN_INS_PER_ADDRESS.points} failures over any accounts; other addresses are unaffected`, async () => {
    const limits = createRateLimits({ redis: null });
    const sprayer = address();
    for (let i = 0; i < FAILED_SIGN_INS_PER_ADDRESS.points; i++) expect((await wrongPassword(limits, sprayer, account())).allowed).toBe(true);
    const refused = await limits.signIn(sprayer, account());
    expect(refused.allowed).toBe(false);
    if (!refused.allowed) expect(refused.retryAfterSeconds).toBeLessThanOrEqual(FAILED_SIGN_INS_PER_ADDRESS.seconds);
    expect((await limits.signIn(address(), account())).allowed).toBe(true);
  });
});

describe("counters in Redis (REDIS_URL): one budget for several web servers", () => {
  let server: RedisServer;
  const clients: Redis[] = [];
  /** A web server's limits, once its connection is up (until then it counts in its own memory). */
  const webServer = async () => {
    const client = connectRateLimitRedis(server.url);
    clients.push(client);
    if (client.status !== "ready") await new Promise((resolve) => client.once("ready", resolve));
    return createRateLimits({ redis: client });
  };

  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await server.stop();
  });

  it("submissions: a student's budget is shared, whichever server answers", async () => {
    const [a, b] = [await webServer(), await webServer()];
    const student = randomUUID();
    for (let i = 0; i < GRADES_PER_STUDENT.points; i++) expect((await (i % 2 === 0 ? a : b).grade(student)).allowed).toBe(true);
    expect((await a.grade(student)).allowed).toBe(false);
    expect((await b.grade(student)).allowed).toBe(false);
    // A fresh server process (new connection, new limiter objects) sees the same count.
    expect((await (await webServer()).grade(student)).allowed).toBe(false);
  });

  it("sign-in back-off holds across servers", async () => {
    const servers = [await webServer(), await webServer(), await webServer()];
    const email = account();
    for (let i = 0; i < 5; i++) expect((await wrongPassword(servers[i % 3] as RateLimits, address(), email)).allowed).toBe(true);
    for (const s of servers) expect(await wrongPassword(s, address(), email)).toMatchObject({ allowed: false });
  });

  it("keeps answering from each server's memory while Redis is down", async () => {
    const down = connectRateLimitRedis("redis://127.0.0.1:1");
    clients.push(down);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const limits = createRateLimits({ redis: down });
      const student = randomUUID();
      for (let i = 0; i < GRADES_PER_STUDENT.points; i++) expect((await limits.grade(student)).allowed).toBe(true);
      expect((await limits.grade(student)).allowed).toBe(false);
    } finally {
      warn.mockRestore();
    }
  });
});
