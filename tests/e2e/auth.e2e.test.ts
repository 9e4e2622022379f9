import { randomUUID } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseURL, launchBrowser, newPage, signIn } from "./browser";

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser.close();
});

const uniqueEmail = (label: string) => `${label}-${randomUUID().slice(0, 8)}@example.com`;

describe("accounts", () => {
  it("signs up, lands on the home page signed in, signs out", async () => {
    const page = await newPage(browser);
    const email = uniqueEmail("new");
    await page.goto("/signup");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Create account" }).click();

    await page.getByRole("heading", { name: "Your courses" }).waitFor();
    expect(await page.getByTestId("user-email").textContent()).toBe(email);

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Learn backpropagation by building it." }).waitFor();
    expect(await page.getByRole("button", { name: "Sign out" }).count()).toBe(0);
  });

  it("explains sign-up problems per field and rejects a duplicate email", async () => {
    const page = await newPage(browser);
    await page.goto("/signup");
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByText("Enter a valid email address").waitFor();
    await page.getByText("Password must be at least 8 characters").waitFor();
    // What was typed survives a failed submission.
    expect(await page.getByLabel("Email").inputValue()).toBe("not-an-email");

    await page.getByLabel("Email").fill("student@example.com");
    await page.getByLabel("Password").fill("long enough password");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByText("An account with this email already exists").waitFor();
  });

  it("signs the demo student in and lists the demo course with its item count", async () => {
    const page = await newPage(browser);
    await signIn(page, "student@example.com", "chainrule");
    const course = page.getByRole("link", { name: /Backpropagation on Computational Graphs/ });
    await course.waitFor();
    expect(await course.textContent()).toMatch(/\d+ items?/);
    expect(await course.getAttribute("href")).toMatch(/^\/courses\/[^/]+$/);
    expect(await page.getByTestId("user-email").textContent()).toBe("student@example.com");
  });

  it("rejects a wrong password without saying whether the email exists", async () => {
    const page = await newPage(browser);
    // Scoped to the form: Next's route announcer is also an ARIA alert.
    const alert = page.locator("form [role=alert]");
    await signIn(page, "student@example.com", "wrong-password");
    await alert.waitFor();
    const known = await alert.textContent();
    await signIn(page, uniqueEmail("nobody"), "wrong-password");
    await alert.waitFor();
    const unknown = await alert.textContent();
    expect(known).toBe("Incorrect email or password.");
    expect(unknown).toBe(known);
  });

  it("rate-limits repeated sign-in attempts with a retry time", async () => {
    const page = await newPage(browser);
    const email = uniqueEmail("limited");
    await page.goto("/signin");
    for (let attempt = 1; attempt <= 6; attempt++) {
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(`guess-${attempt}`);
      const answered = page.waitForResponse((r) => r.url().includes("/api/auth/callback/credentials"));
      await page.getByRole("button", { name: "Sign in" }).click();
      await answered;
    }
    await page.locator("form [role=alert]").getByText(/^Too many attempts, try again in \d+ s$/).waitFor();
  });
});

describe("access control", () => {
  it("redirects anonymous visitors of protected pages to sign in, then back", async () => {
    const page = await newPage(browser);
    await page.goto("/instructor");
    expect(new URL(page.url()).pathname).toBe("/signin");
    await page.getByLabel("Email").fill("instructor@example.com");
    await page.getByLabel("Password").fill("chainrule");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === "/instructor");
    await page.getByRole("heading", { name: "Instructor" }).waitFor();
    // The demo student is listed under the demo course.
    await page.getByRole("cell", { name: "student@example.com" }).waitFor();
  });

  it("answers 401 to anonymous API calls", async () => {
    const res = await fetch(`${baseURL()}/api/instructor/courses`);
    expect(res.status).toBe(401);
  });

  it("gives students 403 on instructor pages and APIs", async () => {
    const page = await newPage(browser);
    await signIn(page, "student@example.com", "chainrule");
    await page.getByRole("heading", { name: "Your courses" }).waitFor();

    const response = await page.goto("/instructor");
    expect(response?.status()).toBe(403);
    await page.getByRole("heading", { name: "403 · Not allowed" }).waitFor();

    const api = await page.request.get("/api/instructor/courses");
    expect(api.status()).toBe(403);
  });

  it("serves instructors the course list over the API", async () => {
    const page = await newPage(browser);
    await signIn(page, "instructor@example.com", "chainrule");
    await page.getByRole("heading", { name: "Your courses" }).waitFor();
    const api = await page.request.get("/api/instructor/courses");
    expect(api.status()).toBe(200);
    const body = (await api.json()) as { courses: { joinCode: string; students: { email: string }[] }[] };
    expect(body.courses[0]?.joinCode).toBe("BACKPROP");
    expect(body.courses[0]?.students.map((s) => s.email)).toContain("student@example.com");
  });
});
