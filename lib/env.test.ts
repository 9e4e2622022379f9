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

  it("reads the reset mail settings: an smtp(s):// URL and a From address, both optional", () => {
    expect(parseServerEnv({ NEXTAUTH_SECRET: secret, SMTP_URL: "", MAIL_FROM: "" })).toMatchObject({ SMTP_URL: undefined, MAIL_FROM: undefined });
    expect(parseServerEnv({ NEXTAUTH_SECRET: secret, SMTP_URL: "smtps://u:p@mail.example.edu:465", MAIL_FROM: "course@example.edu" })).toMatchObject({ SMTP_URL: "smtps://u:p@mail.example.edu:465", MAIL_FROM: "course@example.edu" });
    expect(() => parseServerEnv({ NEXTAUTH_SECRET: secret, SMTP_URL: "http://mail", MAIL_FROM: "nope" })).toThrow(/SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL[\s\S]*MAIL_FROM: must be an email address/);
  });

  it("takes a PostgreSQL URL as given, and says what is wrong with a bad one (never echoing its password)", () => {
    const url = "postgresql://chainrule:s3cret@db.internal:5432/chainrule?sslmode=require";
    expect(parseServerEnv({ NEXTAUTH_SECRET: secret, DATABASE_URL: url }).DATABASE_URL).toBe(url);
    expect(parseServerEnv({ NEXTAUTH_SECRET: secret, DATABASE_URL: "postgres://u@localhost/app" }).DATABASE_URL).toBe("postgres://u@localhost/app");
    const problems: [string, RegExp][] = [
      ["mysql://root:hunter2@db/app", /DATABASE_URL: must be a SQLite "file:" URL or a "postgresql:\/\/" URL \(got "mysql:\/\/root:\*\*\*@db\/app"\)/],
      ["postgresql://user:pw@db.internal:5432", /DATABASE_URL: names no database/],
      ["postgresql:///app", /DATABASE_URL: names no host/],
      ["postgresql://user:hunter2@:5432/app", /DATABASE_URL: is not a valid URL/],
    ];
    for (const [value, message] of problems) {
      expect(() => parseServerEnv({ NEXTAUTH_SECRET: secret, DATABASE_URL: value })).toThrow(message);
      expect(() => parseServerEnv({ NEXTAUTH_SECRET: secret, DATABASE_URL: value })).not.toThrow(/hunter2/);
    }
  });

  it("fails fast listing every problem", () => {
    expect(() => parseServerEnv({ DATABASE_URL: "postgres://db", NEXTAUTH_SECRET: "short", NEXTAUTH_URL: "nope" })).toThrow(
      /DATABASE_URL[\s\S]*NEXTAUTH_SECRET: must be at least 32 characters[\s\S]*NEXTAUTH_URL/,
    );
    expect(() => parseServerEnv({})).toThrow(/NEXTAUTH_SECRET/);
  });
});
