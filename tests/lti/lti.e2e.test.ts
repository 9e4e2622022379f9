import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Frame, FrameLocator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/data/db";
import { baseURL, launchBrowser, signIn } from "../e2e/browser";
import { formFields, PlatformSimulator, ROLE } from "./platform-simulator";

// Chainrule inside a (simulated) LMS, in real Chromium against `next start`: the operator registers
// the LMS with the documented command; an instructor launches from the LMS course page (Chainrule in
// its iframe), links the course and deep-links two items; a student launches one, submits in the
// editor inside the frame, and the score arrives at the LMS's AGS endpoint; the LMS goes away and
// comes back, and the next score arrives exactly once. Screenshots in tests/e2e/artifacts.

const ARTIFACTS = path.join(import.meta.dirname, "..", "e2e", "artifacts");
const CONTEXT = "lms-backprop-101";

const SOLUTION = `export class MulLayer {
  x = 0;
  y = 0;
  forward(x: number, y: number): number {
    this.x = x;
    this.y = y;
    return x * y;
  }
  backward(dout: number): [number, number] {
    return [dout * this.y, dout * this.x];
  }
}
`;
const SWAPPED = SOLUTION.replace("return [dout * this.y, dout * this.x];", "return [dout * this.x, dout * this.y];");

let browser: Browser;
let sim: PlatformSimulator;
const contexts: BrowserContext[] = [];

function npmRun(script: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // The operator's commands run with the served site's public URL (each e2e topology serves its own).
    const child = spawn("npm", ["run", "-s", script, "--", ...args], { env: { ...process.env, NEXTAUTH_URL: baseURL() }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseURL(), viewport: { width: 1500, height: 1000 } });
  context.setDefaultTimeout(20_000);
  contexts.push(context);
  return context.newPage();
}

/** The LMS course page framing Chainrule, for `user`, launching `link` (or deep linking). */
async function openFromLms(page: Page, user: string, link?: string): Promise<FrameLocator> {
  const query = new URLSearchParams({ user, context: CONTEXT, ...(link ? { link } : {}) });
  await page.goto(`${sim.origin}/lms/launch?${query.toString()}`);
  await page.locator("#lms").waitFor();
  return page.frameLocator("#tool");
}

function toolFrame(page: Page): Frame {
  const frame = page.frames().find((f) => f.name() === "tool");
  if (!frame) throw new Error("no tool frame");
  return frame;
}

async function pasteInto(frame: FrameLocator, page: Page, text: string): Promise<void> {
  const editor = frame.locator(".monaco-editor").first();
  await editor.locator(".view-lines").waitFor();
  await editor.click();
  await page.keyboard.press("ControlOrMeta+A");
  await editor.locator("textarea").first().evaluate((el, t) => {
    const data = new DataTransfer();
    data.setData("text/plain", t);
    el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
  const last = text.trimEnd().split("\n").pop()?.trim() ?? "";
  await expect.poll(async () => (await editor.locator(".view-lines").innerText()).replace(/\u00a0/g, " ")).toContain(last);
}

async function waitFor<T>(read: () => T | Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

let mulLayerLink = "";

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchBrowser();
  const base = baseURL();
  sim = await new PlatformSimulator({ tool: { loginUrl: `${base}/api/lti/login`, launchUrl: `${base}/api/lti/launch`, jwks: `${base}/api/lti/jwks` } }).start();
  sim.addContext(CONTEXT, "Backprop 101 (LMS)");
  // The demo instructor is the LMS's teacher too (same email, vouched for by the LMS: --trust-email).
  sim.addUser({ sub: "lms-teacher", name: "Ines Instructor", email: "instructor@example.com", role: ROLE.instructor });
  sim.addUser({ sub: "lms-student", name: "Sam Student", email: "sam.student@school.example", role: ROLE.learner });

  const registered = await npmRun("lti:register", [
    "--name", "Simulated LMS",
    "--issuer", sim.issuer,
    "--client-id", sim.clientId,
    "--login-url", sim.authUrl,
    "--token-url", sim.tokenUrl,
    "--jwks-url", sim.jwksUrl,
    "--deployment", sim.deploymentId,
    "--trust-email",
  ]);
  expect(registered.code, registered.stderr).toBe(0);
  expect(registered.stdout).toContain(`Login initiation URL:        ${base}/api/lti/login`);
  // The running server frames for newly registered platforms within seconds.
  const csp = await waitFor(async () => (await fetch(`${base}/signin`)).headers.get("content-security-policy") ?? "", (v) => v.includes(sim.origin), 15_000);
  expect(csp).toContain(`frame-ancestors ${sim.origin}`);
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser.close();
  await sim.stop();
  await disconnectDb();
});

describe("Chainrule in an LMS", () => {
  it("the instructor launches from the LMS, links the course and deep-links two items", async () => {
    const page = await newPage();
    const frame = await openFromLms(page, "lms-teacher");
    await frame.getByRole("heading", { name: /Link .* to Chainrule/ }).waitFor();
    await frame.getByLabel("Course").selectOption({ label: "Backpropagation on Computational Graphs (backprop)" });
    await frame.getByRole("button", { name: "Link this course" }).click();
    await frame.getByRole("heading", { name: "Add Chainrule activities" }).waitFor();
    await frame.getByLabel(/MulLayer: swap and multiply/).check();
    const quiz = frame.locator("label").filter({ hasText: "(numeric" }).first();
    await quiz.locator("input").check();
    await page.screenshot({ path: path.join(ARTIFACTS, "lti-deep-linking.png") });
    await frame.getByRole("button", { name: "Add to the LMS" }).click();
    // The tool's signed response went back to the LMS, which verified it and made the activities.
    await frame.getByRole("heading", { name: "Added 2 activities" }).waitFor();
    expect(sim.deepLinkResponses).toHaveLength(1);
    const links = [...sim.context(CONTEXT).links.values()];
    expect(links).toHaveLength(2);
    expect(links.every((l) => l.lineItemId !== null)).toBe(true);
    const mul = links.find((l) => l.title === "MulLayer: swap and multiply");
    expect(mul).toBeDefined();
    mulLayerLink = mul?.id ?? "";
  });

  it("a student launches the item inside the LMS frame, submits, and the score arrives in the LMS gradebook", async () => {
    const page = await newPage();
    const t0 = performance.now();
    const frame = await openFromLms(page, "lms-student", mulLayerLink);
    await frame.locator(".monaco-editor .view-lines").waitFor();
    const launchMs = performance.now() - t0;
    expect(toolFrame(page).url()).toMatch(/\/courses\/backprop\/mul-layer$/);
    // Partitioned, SameSite=None session cookie from the launch, inside the LMS's frame.
    const cookies = await page.context().cookies(baseURL());
    expect(cookies.find((c) => c.name === "next-auth.session-token")).toMatchObject({ sameSite: "None", secure: true, httpOnly: true });

    await pasteInto(frame, page, SWAPPED);
    let clicked = performance.now();
    await frame.getByRole("button", { name: "Submit" }).click();
    await frame.getByRole("status").filter({ hasText: /Score: \d+%/ }).waitFor();
    const first = await waitFor(() => sim.scoresFor("lms-student"), (s) => s.length >= 1, 15_000);
    const firstMs = performance.now() - clicked;
    expect(first).toHaveLength(1);
    expect(first[0]?.body).toMatchObject({ userId: "lms-student", activityProgress: "Submitted", gradingProgress: "FullyGraded" });
    const firstScore = Number(first[0]?.body.scoreGiven);
    expect(firstScore).toBeLessThan(Number(first[0]?.body.scoreMaximum));

    // The LMS goes away; the student solves it meanwhile.
    await sim.stop();
    const downAt = performance.now();
    await pasteInto(frame, page, SOLUTION);
    clicked = performance.now();
    await frame.getByRole("button", { name: "Submit" }).click();
    await frame.getByRole("status").filter({ hasText: "Score: 100%" }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, "lti-student-in-lms.png") });
    // Let the outbox fail against the closed LMS at least once.
    const failedRow = await waitFor(
      () => db().ltiScoreOutbox.findFirst({ where: { user: { email: "sam.student@school.example" } }, select: { attempts: true, status: true, lastError: true } }),
      (r) => (r?.attempts ?? 0) >= 1,
      15_000,
    );
    expect(failedRow).toMatchObject({ status: "pending" });
    expect(failedRow?.lastError).toMatch(/no answer/);
    await sim.start();
    const upAt = performance.now();
    const both = await waitFor(() => sim.scoresFor("lms-student"), (s) => s.length >= 2, 30_000);
    const deliveredAfterUpMs = performance.now() - upAt;
    expect(both[1]?.body).toMatchObject({ scoreGiven: both[1]?.body.scoreMaximum, activityProgress: "Completed" });
    // Exactly once: nothing more arrives.
    await new Promise((r) => setTimeout(r, 4_000));
    expect(sim.scoresFor("lms-student")).toHaveLength(2);
    console.log(
      `[e2e lti] launch (LMS page to editor) ${Math.round(launchMs)} ms; submit to score at the LMS ${Math.round(firstMs)} ms; ` +
        `LMS down ${Math.round(upAt - downAt)} ms, score delivered ${Math.round(deliveredAfterUpMs)} ms after it came back (submitted ${Math.round(clicked - downAt)} ms into the outage)`,
    );
  });

  it("the instructor sees each student's passback and can resend it", async () => {
    const page = await newPage();
    await signIn(page, "instructor@example.com", "chainrule");
    await page.waitForURL((u) => !u.pathname.startsWith("/signin"));
    const course = await db().course.findUniqueOrThrow({ where: { slug: "backprop" }, select: { id: true } });
    await page.goto(`/instructor/courses/${course.id}/lti`);
    const row = page.locator("tr", { hasText: "sam.student@school.example" }).filter({ hasText: "MulLayer" });
    await row.getByRole("cell", { name: "delivered" }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, "lti-passback-status.png"), fullPage: true });
    await row.getByRole("button", { name: "Resend" }).click();
    await page.getByText("The score will be sent again in a moment").waitFor();
    const three = await waitFor(() => sim.scoresFor("lms-student"), (s) => s.length >= 3, 15_000);
    expect(three).toHaveLength(3);
  });

  it("a site administrator sees the values to paste, registers a platform in the UI (bad input refused) and rotates the key", async () => {
    const made = await npmRun("lti:admin", ["--email", "instructor@example.com"]);
    expect(made.code, made.stderr).toBe(0);
    const page = await newPage();
    await signIn(page, "instructor@example.com", "chainrule");
    await page.waitForURL((u) => !u.pathname.startsWith("/signin"));
    await page.goto("/instructor");
    await page.getByRole("link", { name: "LMS platforms (LTI 1.3)" }).click();
    await page.getByRole("heading", { name: "Values to paste into the LMS" }).waitFor();
    expect(await page.locator("[data-value=login]").textContent()).toBe(`${baseURL()}/api/lti/login`);
    expect(await page.locator("[data-value=jwks]").textContent()).toBe(`${baseURL()}/api/lti/jwks`);
    await page.getByRole("heading", { name: "Simulated LMS" }).waitFor();

    const form = page.locator("form", { has: page.getByRole("button", { name: "Register" }) });
    await form.getByLabel("Name", { exact: true }).fill("Moodle of Example University");
    await form.getByLabel("Issuer (platform id)").fill("http://moodle.example.edu");
    await form.getByLabel("Client id").fill("chainrule-moodle");
    await form.getByLabel(/Deployment ids/).fill("3");
    await form.getByLabel(/Authentication request URL/).fill("https://moodle.example.edu/mod/lti/auth.php");
    await form.getByLabel("Access token URL").fill("https://moodle.example.edu/mod/lti/token.php");
    await form.getByLabel(/Public keyset/).fill("https://moodle.example.edu/mod/lti/certs.php");
    await form.getByRole("button", { name: "Register" }).click();
    await page.getByRole("alert").filter({ hasText: "issuer: must be https://" }).waitFor();
    // The refused form comes back filled in: only the issuer needs fixing.
    expect(await form.getByLabel("Client id").inputValue()).toBe("chainrule-moodle");
    await form.getByLabel("Issuer (platform id)").fill("https://moodle.example.edu");
    await form.getByRole("button", { name: "Register" }).click();
    await page.getByRole("status").filter({ hasText: "Moodle of Example University registered." }).waitFor();
    await page.getByRole("heading", { name: "Moodle of Example University" }).waitFor();

    const before = (await (await fetch(`${baseURL()}/api/lti/jwks`)).json()) as { keys: { kid: string }[] };
    await page.getByRole("button", { name: "Rotate the signing key" }).click();
    await page.getByText(/New signing key/).waitFor();
    const after = (await (await fetch(`${baseURL()}/api/lti/jwks`)).json()) as { keys: { kid: string }[] };
    expect(after.keys).toHaveLength(2);
    expect(after.keys[1]?.kid).toBe(before.keys[0]?.kid);
    await page.screenshot({ path: path.join(ARTIFACTS, "lti-admin.png"), fullPage: true });
    // Scores still reach the LMS, signed by the new key (the LMS refetches the JWKS).
    const resent = sim.scoresFor("lms-student").length;
    const course = await db().course.findUniqueOrThrow({ where: { slug: "backprop" }, select: { id: true } });
    await page.goto(`/instructor/courses/${course.id}/lti`);
    await page.locator("tr", { hasText: "sam.student@school.example" }).filter({ hasText: "MulLayer" }).getByRole("button", { name: "Resend" }).click();
    await waitFor(() => sim.scoresFor("lms-student"), (s) => s.length > resent, 15_000);
    expect(sim.scoresFor("lms-student")).toHaveLength(resent + 1);
  });

  it("a browser that sends no cookie into the frame gets 'Open in a new window', and the launch works there", async () => {
    // Play the LMS's frame without cookies (as Safari does): the id_token comes back without the state cookie.
    const base = baseURL();
    const login = await fetch(`${base}/api/lti/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(sim.loginInitiation("lms-student", CONTEXT, { link: mulLayerLink })),
    });
    expect(login.status).toBe(302);
    const authorized = formFields(await (await fetch(login.headers.get("location") ?? "")).text());
    const launch = await fetch(`${base}/api/lti/launch`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(authorized.fields) });
    const html = await launch.text();
    expect(launch.status).toBe(200);
    expect(launch.headers.get("content-security-policy")).toContain(`frame-ancestors 'self' ${sim.origin}`);
    const href = /href="([^"]+)" target="_blank"/.exec(html)?.[1]?.replace(/&amp;/g, "&");
    expect(href).toMatch(/\/api\/lti\/login\?/);
    // The new window: a first-party login, completed by the LMS, straight into the item.
    const page = await newPage();
    await page.goto(href ?? "");
    await page.waitForURL(/\/courses\/backprop\/mul-layer$/);
    await page.locator(".monaco-editor .view-lines").waitFor();
  });

  it("an invalid launch shows a page naming the failed check, inside the LMS frame", async () => {
    const base = baseURL();
    const response = await fetch(`${base}/api/lti/launch`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ id_token: "forged", state: "forged" }) });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("Chainrule could not open this launch");
    expect(html).toContain("<code data-check>state</code>");
  });

  it("launch latency over HTTP: login initiation, the platform's answer, the launch (figures printed)", async () => {
    const base = baseURL();
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const login = await fetch(`${base}/api/lti/login?${new URLSearchParams(sim.loginInitiation("lms-student", CONTEXT, { link: mulLayerLink })).toString()}`, { redirect: "manual" });
      const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
      const authorized = formFields(await (await fetch(login.headers.get("location") ?? "")).text());
      const t0 = performance.now();
      const launch = await fetch(`${base}/api/lti/launch`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded", cookie }, body: new URLSearchParams(authorized.fields) });
      times.push(performance.now() - t0);
      expect(launch.status).toBe(303);
      expect(launch.headers.get("location")).toBe("/courses/backprop/mul-layer");
    }
    times.sort((a, b) => a - b);
    console.log(`[e2e lti] POST /api/lti/launch over HTTP, 20 launches: p50 ${times[9]?.toFixed(1)} ms, p95 ${times[18]?.toFixed(1)} ms, max ${times[19]?.toFixed(1)} ms`);
  });
});
