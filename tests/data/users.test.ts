import { describe, expect, it } from "vitest";
import { createUser, signUpSchema, verifyCredentials } from "@/lib/data/users";
import { db } from "@/lib/data/db";
import { englishText } from "@/lib/i18n/translate";

const input = (email: string, password = "correct horse") => signUpSchema.parse({ email, password });

describe("accounts in the data layer", () => {
  it("stores a bcrypt hash, never the password, and normalises the email", async () => {
    const result = await createUser(input("  Ada@Example.COM "));
    expect(result.ok).toBe(true);
    const row = await db().user.findUniqueOrThrow({ where: { email: "ada@example.com" } });
    expect(row.passwordHash).toMatch(/^\$2[aby]\$10\$/);
    expect(row.passwordHash).not.toContain("correct horse");
    expect(row.role).toBe("student");
  });

  it("refuses a second account for the same email, whatever its case", async () => {
    await createUser(input("grace@example.com"));
    expect(await createUser(input("GRACE@example.com"))).toEqual({ ok: false, reason: "email-taken" });
  });

  it("verifies credentials and answers null alike for a wrong password and an unknown email", async () => {
    await createUser(input("alan@example.com"));
    expect(await verifyCredentials("Alan@example.com", "correct horse")).toMatchObject({
      email: "alan@example.com",
      role: "student",
    });
    expect(await verifyCredentials("alan@example.com", "wrong horse")).toBeNull();
    expect(await verifyCredentials("nobody@example.com", "correct horse")).toBeNull();
    expect(await verifyCredentials("not an email", "correct horse")).toBeNull();
  });

  it("validates sign-up input with a message per field", () => {
    const parsed = signUpSchema.safeParse({ email: "nope", password: "short", name: "" });
    expect(parsed.success).toBe(false);
    const messages = Object.fromEntries((parsed.error?.issues ?? []).map((i) => [String(i.path[0]), englishText(i.message)]));
    expect(messages).toEqual({
      email: "Enter a valid email address",
      password: "Password must be at least 8 characters",
    });
    expect(signUpSchema.parse({ email: "a@b.co", password: "12345678", name: "" }).name).toBeUndefined();
  });
});
