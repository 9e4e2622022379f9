import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { FAILED_SIGN_INS_PER_ADDRESS, SIGN_UPS_PER_ADDRESS } from "@/lib/auth/rate-limits";
import { db, disconnectDb } from "@/lib/data/db";
import { hashPassword } from "@/lib/data/passwords";
import { baseURL } from "../e2e/browser";
import { freePort, startNextServer, type RunningServer } from "../e2e/server";
import { HttpSession } from "../load/http-client";
import { randomIp } from "../load/sign-in-flood";

// Which client a request counts against, over real TCP connections to `next start` (decision 060).
// Every test is its own client: Linux routes all of 127.0.0.0/8 to loopback, so connections can
// come from 127.0.0.x, and the server sees that as the peer. Without TRUSTED_PROXIES the peer is
// the client whatever X-Forwarded-For says; a second server trusts 127.0.0.1 as its proxy.

const PASSWORD = "client-address-password";
const uniqueEmail = (label: string) => `${label}-${randomUUID().slice(0, 8)}@example.com`;

/** next-auth credentials sign-in (CSRF token, then the form), with extra request headers. */
async function signInWith(s: HttpSession, email: string, password: string, headers: Record<string, string> = {}) {
  const { csrfToken } = z.object({ csrfToken: z.string() }).parse(await (await s.request("/api/auth/csrf", { headers })).json());
  const res = await s.request("/api/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }).toString(),
  });
  const body = z.object({ url: z.string() }).parse(await res.json());
  return { error: new URL(body.url, s.baseURL).searchParams.get("error"), setCookies: res.headers.getSetCookie() };
}

async function signUpWith(s: HttpSession, email: string, headers: Record<string, string> = {}) {
  const res = await s.request("/api/signup", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  return { status: res.status, body: z.object({ message: z.string().nullable() }).parse(await res.json()) };
}

let account: { email: string };

beforeAll(async () => {
  const email = uniqueEmail("peer");
  await db().user.create({ data: { email, role: "student", passwordHash: await hashPassword(PASSWORD) } });
  account = { email };
});

afterAll(async () => {
  await disconnectDb();
});

describe("without trusted proxies the client is the TCP peer", () => {
  it(`sign-up ${SIGN_UPS_PER_ADDRESS.points + 1} from one connection is refused, whatever X-Forwarded-For it sends`, async () => {
    const client = new HttpSession(baseURL(), { localAddress: "127.0.0.20" });
    for (let i = 0; i < SIGN_UPS_PER_ADDRESS.points; i++) {
      expect((await signUpWith(client, uniqueEmail(`nat-${i}`), { "x-forwarded-for": randomIp() })).status, `sign-up ${i + 1}`).toBe(201);
    }
    const refused = await signUpWith(client, uniqueEmail("one-more"), { "x-forwarded-for": randomIp(), "x-real-ip": randomIp() });
    expect(refused.status).toBe(429);
    expect(refused.body.message).toMatch(/^Too many sign-up attempts, try again in \d+ s$/);
    // Another machine is another client.
    expect((await signUpWith(new HttpSession(baseURL(), { localAddress: "127.0.0.21" }), uniqueEmail("neighbour"))).status).toBe(201);
  });

  it(`failed sign-in ${FAILED_SIGN_INS_PER_ADDRESS.points + 1} over many accounts is refused, whatever X-Forwarded-For says`, async () => {
    const sprayer = new HttpSession(baseURL(), { localAddress: "127.0.0.22" });
    for (let i = 0; i < FAILED_SIGN_INS_PER_ADDRESS.points; i++) {
      expect((await signInWith(sprayer, uniqueEmail(`spray-${i}`), "Password1", { "x-forwarded-for": randomIp() })).error).toBe("CredentialsSignin");
    }
    const refused = await signInWith(sprayer, account.email, PASSWORD, { "x-forwarded-for": randomIp() });
    expect(refused.error).toMatch(/^Too many attempts, try again in \d+ s$/);
    expect(refused.setCookies.some((c) => c.includes("session-token="))).toBe(false);
  });

  it("one account's back-off holds from any address: the sixth guess waits, even with the right password", async () => {
    const email = uniqueEmail("target");
    await db().user.create({ data: { email, role: "student", passwordHash: await hashPassword(PASSWORD) } });
    for (let i = 0; i < 5; i++) {
      const guess = await signInWith(new HttpSession(baseURL(), { localAddress: `127.0.1.${i + 1}` }), email, `guess-${i}-wrong`);
      expect(guess.error, `guess ${i + 1}`).toBe("CredentialsSignin");
    }
    const sixth = await signInWith(new HttpSession(baseURL(), { localAddress: "127.0.1.9" }), email, PASSWORD);
    expect(sixth.error).toMatch(/^Too many attempts, try again in (2\d|30) s$/);
    expect(sixth.setCookies.some((c) => c.includes("session-token="))).toBe(false);
  });
});

describe("behind a trusted proxy (TRUSTED_PROXIES=127.0.0.1)", () => {
  let proxied: RunningServer;
  /** A request that came through the proxy: the connection is from the proxy's address. */
  const viaProxy = () => new HttpSession(proxied.baseURL, { localAddress: "127.0.0.1" });
  /** A request straight to the server from elsewhere, claiming what the proxy would say. */
  const direct = () => new HttpSession(proxied.baseURL, { localAddress: "127.0.0.40" });

  beforeAll(async () => {
    const port = await freePort();
    proxied = await startNextServer(port, { TRUSTED_PROXIES: "127.0.0.1", NEXTAUTH_URL: `http://localhost:${port}` });
  });

  afterAll(async () => {
    await proxied.stop();
  });

  it("the client is the right-most X-Forwarded-For entry the proxy added, not what the client wrote before it", async () => {
    const client = "203.0.113.77";
    for (let i = 0; i < FAILED_SIGN_INS_PER_ADDRESS.points; i++) {
      // Each request claims another origin in front; the proxy appended the real one last.
      const attempt = await signInWith(viaProxy(), uniqueEmail(`behind-${i}`), "Password1", { "x-forwarded-for": `${randomIp()}, ${client}` });
      expect(attempt.error).toBe("CredentialsSignin");
    }
    expect((await signInWith(viaProxy(), account.email, PASSWORD, { "x-forwarded-for": `${randomIp()}, ${client}` })).error).toMatch(/^Too many attempts/);
    // Another client behind the same proxy is not affected...
    expect((await signInWith(viaProxy(), account.email, PASSWORD, { "x-forwarded-for": "203.0.113.78" })).error).toBeNull();
    // ...and a connection that is not the proxy cannot borrow or spoil anyone's address.
    expect((await signInWith(direct(), account.email, PASSWORD, { "x-forwarded-for": client })).error).toBeNull();
  });

  it("session cookies are Secure when the browser reached the proxy over HTTPS, and the session works", async () => {
    const https = { "x-forwarded-proto": "https", "x-forwarded-for": randomIp() };
    const session = viaProxy();
    const signedIn = await signInWith(session, account.email, PASSWORD, https);
    expect(signedIn.error).toBeNull();
    const cookie = signedIn.setCookies.find((c) => c.startsWith("__Secure-next-auth.session-token=")) ?? "";
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/HttpOnly/i);
    // The __Secure- cookie is the session: an API call with it is signed in (404 for a made-up id, not 401).
    expect((await session.request("/api/submissions/no-such-id", { headers: https })).status).toBe(404);
  });

  it("a client that is not the proxy cannot claim HTTPS: its cookies are the plain ones", async () => {
    const signedIn = await signInWith(direct(), account.email, PASSWORD, { "x-forwarded-proto": "https" });
    expect(signedIn.error).toBeNull();
    const cookie = signedIn.setCookies.find((c) => c.includes("next-auth.session-token=")) ?? "";
    expect(cookie.startsWith("next-auth.session-token=")).toBe(true);
    expect(cookie).not.toMatch(/;\s*Secure/i);
  });
});
