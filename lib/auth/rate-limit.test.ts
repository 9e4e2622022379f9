import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limit";

function limiterAt(start: number) {
  const clock = { now: start };
  const limiter = new RateLimiter({ limit: 3, windowMs: 60_000, now: () => clock.now });
  return { limiter, clock };
}

describe("RateLimiter", () => {
  it("allows `limit` attempts per window, then blocks with the seconds until the oldest expires", () => {
    const { limiter, clock } = limiterAt(1_000_000);
    expect(limiter.consume("a")).toEqual({ allowed: true, remaining: 2 });
    clock.now += 10_000;
    expect(limiter.consume("a")).toEqual({ allowed: true, remaining: 1 });
    expect(limiter.consume("a")).toEqual({ allowed: true, remaining: 0 });
    clock.now += 5_000;
    expect(limiter.consume("a")).toEqual({ allowed: false, retryAfterSeconds: 45 });
  });

  it("opens again once the window has passed, and blocked attempts do not extend the wait", () => {
    const { limiter, clock } = limiterAt(0);
    for (let i = 0; i < 3; i++) limiter.consume("a");
    for (let i = 0; i < 10; i++) expect(limiter.consume("a").allowed).toBe(false);
    clock.now += 60_001;
    expect(limiter.consume("a").allowed).toBe(true);
  });

  it("keeps keys independent and forgets a key on reset", () => {
    const { limiter } = limiterAt(0);
    for (let i = 0; i < 3; i++) limiter.consume("a");
    expect(limiter.consume("b").allowed).toBe(true);
    expect(limiter.consume("a").allowed).toBe(false);
    limiter.reset("a");
    expect(limiter.consume("a").allowed).toBe(true);
  });

  it("check answers what consume would, without recording an attempt", () => {
    const { limiter, clock } = limiterAt(0);
    for (let i = 0; i < 5; i++) expect(limiter.check("a")).toEqual({ allowed: true, remaining: 2 });
    for (let i = 0; i < 3; i++) limiter.consume("a");
    clock.now += 20_000;
    expect(limiter.check("a")).toEqual({ allowed: false, retryAfterSeconds: 40 });
    expect(limiter.consume("a")).toEqual({ allowed: false, retryAfterSeconds: 40 });
  });

  it("never reports a retry time below one second", () => {
    const { limiter, clock } = limiterAt(0);
    for (let i = 0; i < 3; i++) limiter.consume("a");
    clock.now += 59_999;
    expect(limiter.consume("a")).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it("rejects nonsensical settings", () => {
    expect(() => new RateLimiter({ limit: 0, windowMs: 1000 })).toThrow();
  });
});
