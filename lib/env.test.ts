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

  it("fails fast listing every problem", () => {
    expect(() => parseServerEnv({ DATABASE_URL: "postgres://db", NEXTAUTH_SECRET: "short", NEXTAUTH_URL: "nope" })).toThrow(
      /DATABASE_URL[\s\S]*NEXTAUTH_SECRET: must be at least 32 characters[\s\S]*NEXTAUTH_URL/,
    );
    expect(() => parseServerEnv({})).toThrow(/NEXTAUTH_SECRET/);
  });
});
