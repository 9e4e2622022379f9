import { randomUUID } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { db, disconnectDb } from "@/lib/data/db";
import { hashPassword } from "@/lib/data/passwords";
import { baseURL, launchBrowser, newPage, signIn } from "../e2e/browser";
import { HttpSession, signInHttp } from "../load/http-client";
import { signedIn, type Account } from "./fixtures";

// Ending sessions (decision 063) and where the browser goes after signing in (return paths), over
// real HTTP and in Chromium against `next start`.

const PASSWORD = "sessions-test-password";
let browser: Browser;

async function newAccount(label: string): Promise<Account> {
  const email = `${label}-${randomUUID().slice(0, 8)}@example.com`;
  const user = await db().user.create({ data: { email, role: "student", passwordHash: await hashPassword(PASSWORD) }, select: { id: true } });
  return { id: user.id, email, password: PASSWORD };
}

/** A copy of a session's cookies, as someone who took them would hold them. */
function copyOf(session: HttpSession): HttpSession {
  const copy = new HttpSession(session.baseURL);
  for (const [k, v] of session.cookies) copy.cookies.set(k, v);
  return copy;
}

/** Signed in: an API call answers 404 for a made-up submission, 401 without a session. */
async function isSignedIn(session: HttpSession): Promise<boolean> {
  const status = (await session.request("/api/submissions/no-such-id")).status;
  if (status !== 404 && status !== 401) throw new Error(`unexpected ${status}`);
  return status === 404;
}

async function signInBrowser(account: Account): Promise<Page> {
  const page = await newPage(browser);
  await signIn(page, account.email, account.password);
  await page.waitForURL((u) => !u.pathname.startsWith("/signin"));
  return page;
}

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser.close();
  await disconnectDb();
});

describe("ending sessions", () => {
  it("Sign out ends the session itself: a copy of its cookie taken before is refused", async () => {
    const account = await newAccount("signout");
    const session = await signedIn(baseURL(), account);
    const stolen = copyOf(session);
    const other = await signedIn(baseURL(), account);
    expect(await isSignedIn(stolen)).toBe(true);
    const { csrfToken } = z.object({ csrfToken: z.string() }).parse(await (await session.request("/api/auth/csrf")).json());
    await session.request("/api/auth/signout", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, json: "true" }).toString(),
    });
    expect(session.signedIn).toBe(false);
    expect(await isSignedIn(stolen)).toBe(false);
    // Only that session: the same account's session on another device goes on.
    expect(await isSignedIn(other)).toBe(true);
  });

  it("Sign out everywhere, on the account page, ends every session of the account", async () => {
    const account = await newAccount("everywhere");
    const laptop = await signedIn(baseURL(), account);
    const page = await signInBrowser(account);
    await page.goto("/account");
    await page.getByRole("button", { name: "Sign out everywhere" }).click();
    await page.waitForURL((u) => u.pathname === "/signin");
    expect(await isSignedIn(laptop)).toBe(false);
    await page.goto("/progress");
    expect(new URL(page.url()).pathname).toBe("/signin");
    // Signing in again works and starts a new session.
    expect(await isSignedIn(await signedIn(baseURL(), account))).toBe(true);
  });

  it("changing the password ends every session; the old password stops working, the new one works", async () => {
    const account = await newAccount("newpass");
    const elsewhere = await signedIn(baseURL(), account);
    const page = await signInBrowser(account);
    await page.goto("/account");
    await page.getByLabel("Current password").fill("not my password");
    await page.getByLabel("New password").fill("a brand new passphrase");
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByText("That is not your current password.").waitFor();
    expect(await isSignedIn(elsewhere)).toBe(true);

    await page.getByLabel("Current password").fill(PASSWORD);
    await page.getByLabel("New password").fill("a brand new passphrase");
    await page.getByRole("button", { name: "Change password" }).click();
    await page.waitForURL((u) => u.pathname === "/signin");
    expect(await isSignedIn(elsewhere)).toBe(false);
    expect((await signInHttp(new HttpSession(baseURL()), account.email, PASSWORD)).ok).toBe(false);
    expect((await signInHttp(new HttpSession(baseURL()), account.email, "a brand new passphrase")).ok).toBe(true);
  });
});

describe("return paths after signing in", () => {
  for (const [name, callbackUrl] of [
    ["a TAB after the first slash", "/\t/evil.example/steal"],
    ["a newline after the first slash", "/\n/evil.example/steal"],
    ["a backslash", "/\\evil.example/steal"],
    ["another origin", "https://evil.example/steal"],
  ] as const) {
    it(`stay on the site: ${name}`, async () => {
      const account = await newAccount("return");
      const page = await newPage(browser);
      await page.goto(`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
      await page.getByLabel("Email").fill(account.email);
      await page.getByLabel("Password").fill(account.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL((u) => !u.pathname.startsWith("/signin"));
      await page.waitForTimeout(500);
      expect(new URL(page.url()).origin).toBe(new URL(baseURL()).origin);
      expect(page.url()).not.toContain("evil.example");
    });
  }

  it("and a path of the site is where the browser lands", async () => {
    const account = await newAccount("return-ok");
    const page = await newPage(browser);
    await page.goto("/progress");
    await page.getByLabel("Email").fill(account.email);
    await page.getByLabel("Password").fill(account.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((u) => u.pathname === "/progress");
  });
});
