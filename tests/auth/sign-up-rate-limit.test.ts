import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { SIGN_UP_PER_EMAIL, SIGN_UP_PER_IP } from "@/app/signup/_server/limits";
import { clientIp } from "@/lib/auth/client-ip";
import { signUpAction } from "@/app/signup/actions";
import { db } from "@/lib/data/db";

// The action reads the client address from the request; outside a request Next has none, so each
// test sets the headers its "browser" sends.
const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({ headers: () => Promise.resolve(request.headers) }));

const REFUSED = /^Too many sign-up attempts, try again in (\d+) s$/;
const initial = { ok: false, fieldErrors: {}, message: null };

// Limiters live for the process: every test uses addresses and emails of its own.
const uniqueIp = () => `2001:db8::${randomUUID().slice(0, 4)}:${randomUUID().slice(0, 4)}`;
const uniqueEmail = (label: string) => `${label}-${randomUUID().slice(0, 8)}@example.com`;

/** Submits the sign-up form as the browser does (useActionState), from `ip` via a proxy. */
function submit(ip: string, fields: { email: string; password?: string }) {
  request.headers = new Headers({ "x-forwarded-for": `${ip}, 10.0.0.1` });
  const form = new FormData();
  form.set("email", fields.email);
  form.set("name", "");
  form.set("password", fields.password ?? "correct horse battery");
  return signUpAction(initial, form);
}

const accounts = (email: string) => db().user.count({ where: { email: email.trim().toLowerCase() } });

describe("sign-up rate limit", () => {
  it(`refuses sign-up ${SIGN_UP_PER_IP.limit + 1} from one address in ten minutes with a retry time, creating nothing`, async () => {
    const ip = uniqueIp();
    for (let i = 0; i < SIGN_UP_PER_IP.limit; i++) {
      expect(await submit(ip, { email: uniqueEmail(`ip-${i}`) })).toEqual({ ok: true, fieldErrors: {}, message: null });
    }
    const email = uniqueEmail("one-too-many");
    const refused = await submit(ip, { email });
    expect(refused.ok).toBe(false);
    expect(refused.fieldErrors).toEqual({});
    const seconds = Number(REFUSED.exec(refused.message ?? "")?.[1]);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(SIGN_UP_PER_IP.windowMs / 1000);
    expect(await accounts(email)).toBe(0);

    // Another client behind the same proxy has a budget of its own.
    expect((await submit(uniqueIp(), { email })).ok).toBe(true);
  });

  it(`refuses attempt ${SIGN_UP_PER_EMAIL.limit + 1} for one email, whatever the address and case`, async () => {
    const email = uniqueEmail("Target");
    expect((await submit(uniqueIp(), { email })).ok).toBe(true);
    for (let i = 1; i < SIGN_UP_PER_EMAIL.limit; i++) {
      expect((await submit(uniqueIp(), { email: email.toUpperCase() })).fieldErrors.email).toMatch(/already exists/);
    }
    const refused = await submit(uniqueIp(), { email: ` ${email.toLowerCase()} ` });
    expect(refused.message).toMatch(REFUSED);
    expect(refused.fieldErrors).toEqual({});
  });

  it("does not count invalid input, like sign-in", async () => {
    const ip = uniqueIp();
    const email = uniqueEmail("typo");
    for (let i = 0; i < SIGN_UP_PER_IP.limit + 5; i++) {
      const invalid = await submit(ip, { email, password: "short" });
      expect(invalid.message).toBe("Please fix the highlighted fields.");
      expect(invalid.fieldErrors.password).toBe("Password must be at least 8 characters");
    }
    expect(await submit(ip, { email })).toEqual({ ok: true, fieldErrors: {}, message: null });
  });

  it("a refusal by the address limit does not use up the email's budget", async () => {
    const ip = uniqueIp();
    for (let i = 0; i < SIGN_UP_PER_IP.limit; i++) expect((await submit(ip, { email: uniqueEmail(`fill-${i}`) })).ok).toBe(true);
    const email = uniqueEmail("patient");
    for (let i = 0; i < SIGN_UP_PER_EMAIL.limit + 2; i++) expect((await submit(ip, { email })).message).toMatch(REFUSED);
    // From another network the person can still sign up with that address.
    expect((await submit(uniqueIp(), { email })).ok).toBe(true);
    expect(await accounts(email)).toBe(1);
  });

  it("a refusal by the email limit does not use up the address's budget", async () => {
    const ip = uniqueIp();
    const email = uniqueEmail("hammered");
    for (let i = 0; i < SIGN_UP_PER_EMAIL.limit; i++) await submit(ip, { email });
    for (let i = 0; i < SIGN_UP_PER_IP.limit; i++) expect((await submit(ip, { email })).message).toMatch(REFUSED);
    expect((await submit(ip, { email: uniqueEmail("next-student") })).ok).toBe(true);
  });
});

describe("client address for the sign-up limit", () => {
  it("is the first x-forwarded-for entry, else x-real-ip, else one shared key", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": " 203.0.113.7 , 10.0.0.1", "x-real-ip": "10.0.0.1" }))).toBe("203.0.113.7");
    expect(clientIp(new Headers({ "x-real-ip": "203.0.113.8" }))).toBe("203.0.113.8");
    expect(clientIp(new Headers({ "x-forwarded-for": "", "x-real-ip": "203.0.113.9" }))).toBe("203.0.113.9");
    expect(clientIp(new Headers())).toBe("local");
    // An over-long header is not an address (and would be an over-long map key).
    expect(clientIp(new Headers({ "x-forwarded-for": "x".repeat(500) }))).toBe("local");
  });
});
