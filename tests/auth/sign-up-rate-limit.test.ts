import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SIGN_UPS_PER_ADDRESS as SIGN_UP_PER_IP, SIGN_UPS_PER_EMAIL as SIGN_UP_PER_EMAIL } from "@/lib/auth/rate-limits";
import { signUp } from "@/lib/auth/sign-up";
import { db } from "@/lib/data/db";
import { englishText } from "@/lib/i18n/translate";

// The budgets of POST /api/signup (pages/api/signup.ts). Which address a request counts against
// (the TCP peer, not a forwarding header) is proven over real HTTP in
// tests/security/client-address.e2e.test.ts.

const REFUSED = /^Too many sign-up attempts, try again in (\d+) s$/;

// Limiters live for the process: every test uses addresses and emails of its own.
const uniqueIp = () => `203.0.113.${Math.floor(Math.random() * 250)}-${randomUUID().slice(0, 8)}`;
const uniqueEmail = (label: string) => `${label}-${randomUUID().slice(0, 8)}@example.com`;

/** The sign-up form as the browser sends it, from a client at `ip`. */
async function submit(ip: string, fields: { email: string; password?: string }) {
  const { status: _status, ...outcome } = await signUp({ email: fields.email, name: "", password: fields.password ?? "correct horse battery" }, ip);
  return outcome;
}

const accounts = (email: string) => db().user.count({ where: { email: email.trim().toLowerCase() } });

describe("sign-up rate limit", () => {
  it(`refuses sign-up ${SIGN_UP_PER_IP.points + 1} from one address in ten minutes with a retry time, creating nothing`, async () => {
    const ip = uniqueIp();
    for (let i = 0; i < SIGN_UP_PER_IP.points; i++) {
      expect(await submit(ip, { email: uniqueEmail(`ip-${i}`) })).toEqual({ ok: true, fieldErrors: {}, message: null });
    }
    const email = uniqueEmail("one-too-many");
    const refused = await submit(ip, { email });
    expect(refused.ok).toBe(false);
    expect(refused.fieldErrors).toEqual({});
    const seconds = Number(REFUSED.exec(englishText(refused.message ?? ""))?.[1]);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(SIGN_UP_PER_IP.seconds);
    expect(await accounts(email)).toBe(0);

    // Another client has a budget of its own.
    expect((await submit(uniqueIp(), { email })).ok).toBe(true);
  });

  it(`refuses attempt ${SIGN_UP_PER_EMAIL.points + 1} for one email, whatever the address and case`, async () => {
    const email = uniqueEmail("Target");
    expect((await submit(uniqueIp(), { email })).ok).toBe(true);
    for (let i = 1; i < SIGN_UP_PER_EMAIL.points; i++) {
      expect(englishText((await submit(uniqueIp(), { email: email.toUpperCase() })).fieldErrors.email ?? "")).toMatch(/already exists/);
    }
    const refused = await submit(uniqueIp(), { email: ` ${email.toLowerCase()} ` });
    expect(englishText(refused.message ?? "")).toMatch(REFUSED);
    expect(refused.fieldErrors).toEqual({});
  });

  it("does not count invalid input, like sign-in", async () => {
    const ip = uniqueIp();
    const email = uniqueEmail("typo");
    for (let i = 0; i < SIGN_UP_PER_IP.points + 5; i++) {
      const invalid = await submit(ip, { email, password: "short" });
      expect(englishText(invalid.message ?? "")).toBe("Please fix the highlighted fields.");
      expect(englishText(invalid.fieldErrors.password ?? "")).toBe("Password must be at least 8 characters");
    }
    expect(await submit(ip, { email })).toEqual({ ok: true, fieldErrors: {}, message: null });
  });

  it("a refusal by the address limit does not use up the email's budget", async () => {
    const ip = uniqueIp();
    for (let i = 0; i < SIGN_UP_PER_IP.points; i++) expect((await submit(ip, { email: uniqueEmail(`fill-${i}`) })).ok).toBe(true);
    const email = uniqueEmail("patient");
    for (let i = 0; i < SIGN_UP_PER_EMAIL.points + 2; i++) expect(englishText((await submit(ip, { email })).message ?? "")).toMatch(REFUSED);
    // From another network the person can still sign up with that address.
    expect((await submit(uniqueIp(), { email })).ok).toBe(true);
    expect(await accounts(email)).toBe(1);
  });

  it("a refusal by the email limit does not use up the address's budget", async () => {
    const ip = uniqueIp();
    const email = uniqueEmail("hammered");
    for (let i = 0; i < SIGN_UP_PER_EMAIL.points; i++) await submit(ip, { email });
    for (let i = 0; i < SIGN_UP_PER_IP.points; i++) expect(englishText((await submit(ip, { email })).message ?? "")).toMatch(REFUSED);
    expect((await submit(ip, { email: uniqueEmail("next-student") })).ok).toBe(true);
  });
});
