import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseServerEnv, resolveDatabaseUrl } from "./env";

const secret = "x".repeat(32);

describe("server environment", () => {
  it("defaults to the embedded SQLite file, as an absolute path", () => {
    const env = parseServerEnv({ NEXTAUTH_SECRET: secret });
    expect(env.DATABASE_URL).toBe(`file:${path.resolve("data/chainrule.db")}`);
    expect(resolveDatabaseUrl("file:./x.db", "/srv/app")).toBe("file:/srv/app/x.db");
  });

  it("reads the deployment settings: trusted proxies, Redis for rate limits, demo seeding", () => {
    const defaults = parseServerEnv({ NEXTAUTH_SECRET: secret, REDIS_URL: "" });
    expect(defaults).toMatchObject({ TRUSTED_PROXIES: [], REDIS_URL: undefined, DEMO_SEED: true });
    const deployed = parseServerEnv({ NEXTAUTH_SECRET: secret, TRUSTED_PROXIES: "loopback, 10.0.0.0/8", REDIS_URL: "redis://cache:6379", DEMO_SEED: "off" });
    expect(deployed).toMatchObject({ TRUSTED_PROXIES: ["loopback", "10.0.0.0/8"], REDIS_URL: "redis://cache:6379", DEMO_SEED: false });
    expect(() => parseServerEnv({ NEXTAUTH_SECRET: secret, TRUSTED_PROXIES: "my-proxy", REDIS_URL: "http://cache", DEMO_SEED: "maybe" })).toThrow(
      /TRUSTED_PROXIES: not an address[\s\S]*REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL[\s\S]*DEMO_SEED: must be on or off/,
    );
  });

  it("fails fast listing every problem", () => {
    expect(() => parseServerEnv({ DATABASE_URL: "postgres://db", NEXTAUTH_SECRET: "short", NEXTAUTH_URL: "nope" })).toThrow(
      /DATABASE_URL[\s\S]*NEXTAUTH_SECRET: must be at least 32 characters[\s\S]*NEXTAUTH_URL/,
    );
    expect(() => parseServerEnv({})).toThrow(/NEXTAUTH_SECRET/);
  });
});
