import { randomUUID } from "node:crypto";
import fs from "node:fs";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { db, disconnectDb } from "@/lib/data/db";
import { contentSecurityPolicy } from "@/lib/security-headers";
import type { Page } from "playwright-core";
import { baseURL, launchBrowser, newPage } from "../e2e/browser";
import { callServerAction, HttpSession, postSubmission, signInHttp, waitForResult } from "../load/http-client";
import { createSecurityCast, signedIn, type SecurityCast } from "./fixtures";

// Hostile and malformed input over real HTTP: security headers, CSRF, expired and forged sessions,
// rate limits with a retry time, and specific messages for every kind of bad submission with
// nothing stored half-way.

let cast: SecurityCast;
let student: HttpSession;

beforeAll(async () => {
  cast = await createSecurityCast();
  student = await signedIn(baseURL(), cast.studentA);
});

afterAll(async () => {
  await disconnectDb();
});

/** The nonce of a page's policy (proxy.ts makes a fresh one per response). */
function nonceOf(csp: string): string {
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
  if (!nonce) throw new Error(`no nonce in ${csp}`);
  return nonce;
}

/** Signs a browser page in through the sign-in form. */
async function signInPage(page: Page, account: { email: string; password: string }): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/signin"));
}

/** Collects the browser's reports of anything the Content-Security-Policy blocked. */
function cspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  return violations;
}

describe("security headers", () => {
  const codeItem = () => `/courses/${cast.courseSlug}/${cast.codeItem.slug}`;

  it("every kind of response carries the CSP, with no 'unsafe-inline' script, and the usual headers", async () => {
    for (const path of ["/", "/signin", "/api/health", codeItem()]) {
      const res = await student.request(path);
      await res.arrayBuffer();
      const csp = res.headers.get("content-security-policy") ?? "";
      // frame-ancestors: 'none', or (once an LMS is registered: the LTI tests on this server do;
      // the server reloads the list every 5 s) the platforms' origins, which may frame Chainrule.
      const ancestors = /frame-ancestors ([^;]*)/.exec(csp)?.[1] ?? "";
      const framers = ancestors === "'none'" ? [] : ancestors.split(" ");
      for (const origin of framers) expect(URL.canParse(origin) && new URL(origin).origin === origin, origin).toBe(true);
      // Pages carry their response's nonce (proxy.ts); API answers have no inline script at all.
      expect(csp, path).toBe(path.startsWith("/api/") ? contentSecurityPolicy({ frameAncestors: framers }) : contentSecurityPolicy({ nonce: nonceOf(csp), frameAncestors: framers }));
      expect(/script-src ([^;]*)/.exec(csp)?.[1], path).not.toContain("unsafe-inline");
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("worker-src 'self' blob:");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain("unsafe-eval");
      // Nothing external, apart from the LMS origins allowed to frame.
      expect(csp.replace(/frame-ancestors [^;]*/, "")).not.toMatch(/https?:\/\//);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("referrer-policy")).toBe("same-origin");
      expect(res.headers.get("permissions-policy")).toContain("camera=()");
      expect(res.headers.get("x-powered-by")).toBeNull();
    }
  });

  it("every page response has a fresh nonce, and every inline script of the page carries it", async () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const res = await student.request(codeItem());
      const html = await res.text();
      const nonce = nonceOf(res.headers.get("content-security-policy") ?? "");
      nonces.add(nonce);
      const inline = [...html.matchAll(/<script(?![^>]*\ssrc=)([^>]*)>/g)];
      expect(inline.length).toBeGreaterThan(0);
      for (const [, attrs] of inline) expect(attrs).toContain(`nonce="${nonce}"`);
    }
    expect(nonces.size).toBe(3);
  });

  it("script that the server did not write does not run: an inline script or an event-handler attribute", async () => {
    const browser = await launchBrowser();
    try {
      const page = await newPage(browser);
      const violations = cspViolations(page);
      await signInPage(page, cast.studentA);
      await page.goto(codeItem());
      await page.locator(".monaco-editor").first().waitFor();
      // What an injected <script> or <img onerror> in rendered HTML would do.
      await page.evaluate(() => {
        const script = document.createElement("script");
        script.textContent = "window.__injectedScript = true";
        document.body.append(script);
        const holder = document.createElement("div");
        holder.innerHTML = '<img src="/no-such-image" onerror="window.__injectedHandler = true">';
        document.body.append(holder);
      });
      await page.waitForTimeout(500);
      expect(await page.evaluate(() => (window as unknown as Record<string, unknown>).__injectedScript)).toBeUndefined();
      expect(await page.evaluate(() => (window as unknown as Record<string, unknown>).__injectedHandler)).toBeUndefined();
      expect(violations.length).toBeGreaterThanOrEqual(2);
    } finally {
      await browser.close();
    }
  });

  it("the editor with its TypeScript worker, math, graph figures and the gradebook's charts work under the policy, without a violation", async () => {
    const browser = await launchBrowser();
    try {
      const page = await newPage(browser);
      const violations = cspViolations(page);
      await signInPage(page, cast.studentA);
      const workers: string[] = [];
      page.on("worker", (w) => workers.push(w.url()));
      await page.goto(codeItem());
      await page.locator(".monaco-editor").first().waitFor();
      // The TypeScript worker starts once the model is checked; give it a moment.
      await page.waitForTimeout(2000);
      expect(workers.length).toBeGreaterThan(0);
      // Math (KaTeX, rendered on the server) in a quiz prompt, and the quiz form is interactive.
      await page.goto(`/courses/${cast.courseSlug}/central-difference`);
      await page.locator(".katex").first().waitFor();
      // A computational-graph figure (SVG).
      await page.goto(`/courses/${cast.courseSlug}/apple-forward-graph`);
      await page.locator("svg").first().waitFor();

      const teacher = await newPage(browser);
      const teacherViolations = cspViolations(teacher);
      await signInPage(teacher, cast.instructor);
      await teacher.goto(`/instructor/courses/${cast.courseId}`);
      await teacher.getByTestId("gradebook").waitFor();
      await teacher.getByTestId("chart-heatmap").waitFor();
      await teacher.locator("[data-testid^=chart-scores-] svg.chart-svg").first().waitFor();
      // The authoring page: its code files open in Monaco too.
      await teacher.goto(`/instructor/courses/${cast.courseId}/items/${cast.codeItem.id}`);
      await teacher.getByTestId("authoring-editor").waitFor();
      await teacher.getByRole("tab", { name: "Hidden suite / generator" }).click();
      await teacher.locator(".monaco-editor .view-lines").first().waitFor();
      await teacher.waitForTimeout(1000);
      expect([...violations, ...teacherViolations]).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

describe("CSRF", () => {
  it("a server action posted from another origin is refused and changes nothing", async () => {
    const manifest = JSON.parse(fs.readFileSync(".next/server/server-reference-manifest.json", "utf8")) as {
      node: Record<string, { exportedName: string }>;
    };
    const id = Object.entries(manifest.node).find(([, v]) => v.exportedName === "saveDraftAction")?.[0] ?? "";
    const marker = `csrf-${randomUUID()}`;
    const res = await callServerAction(student, {
      page: `/courses/${cast.courseSlug}/${cast.codeItem.slug}`,
      actionId: id,
      args: [{ exerciseId: cast.codeItem.id, code: marker }],
      origin: "http://evil.example",
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(await db().draft.count({ where: { code: marker } })).toBe(0);
    // Same call from the app's own origin works (the refusal above was the origin, not the call).
    const ok = await callServerAction(student, { page: `/courses/${cast.courseSlug}/${cast.codeItem.slug}`, actionId: id, args: [{ exerciseId: cast.codeItem.id, code: marker }] });
    expect(ok.text).toContain('"ok":true');
    expect(await db().draft.count({ where: { code: marker } })).toBe(1);
  });

  it("the JSON submission API refuses another origin and non-JSON bodies", async () => {
    const before = await db().submission.count();
    const cross = await postSubmission(student, { exerciseId: cast.codeItem.id, code: "export class MulLayer {}" }, { origin: "http://evil.example" });
    expect(cross).toMatchObject({ status: 403, body: { error: "Cross-site request refused." } });
    const form = await student.request("/api/submissions", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "exerciseId=x&code=y",
    });
    expect(form.status).toBe(415);
    expect(await db().submission.count()).toBe(before);
  });

  it("sign-in without the CSRF token does not create a session", async () => {
    const s = new HttpSession(baseURL());
    const res = await s.request("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: cast.studentA.email, password: cast.studentA.password }).toString(),
    });
    expect(res.headers.get("location") ?? "").toContain("csrf=true");
    expect(s.signedIn).toBe(false);
  });
});

describe("sessions", () => {
  const secret = () => {
    const s = process.env.NEXTAUTH_SECRET;
    if (!s) throw new Error("NEXTAUTH_SECRET of the e2e server is not visible to the test worker");
    return s;
  };
  const withToken = (token: string) => {
    const s = new HttpSession(baseURL());
    s.cookies.set("next-auth.session-token", token);
    return s;
  };

  it("a valid token works, an expired or forged one is anonymous", async () => {
    const claims = { id: cast.studentA.id, email: cast.studentA.email, role: "student" as const, sub: cast.studentA.id, sid: randomUUID(), sv: 0 };
    const valid = await encode({ token: claims, secret: secret(), maxAge: 60 });
    const expired = await encode({ token: claims, secret: secret(), maxAge: -60 });
    const forged = await encode({ token: claims, secret: "not-the-server-secret-0123456789abcdef", maxAge: 60 });
    expect((await withToken(valid).request("/api/submissions/none")).status).toBe(404);
    expect((await withToken(expired).request("/api/submissions/none")).status).toBe(401);
    expect((await withToken(forged).request("/api/submissions/none")).status).toBe(401);
    expect((await withToken(expired).request("/progress")).status).toBe(307);
  });

  it("the session cookie is HttpOnly, SameSite=Lax and expires", async () => {
    const s = new HttpSession(baseURL());
    const { csrfToken } = (await (await s.request("/api/auth/csrf")).json()) as { csrfToken: string };
    const res = await s.request("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, email: cast.studentB.email, password: cast.studentB.password }).toString(),
    });
    const cookie = res.headers.getSetCookie().find((c) => c.includes("next-auth.session-token=")) ?? "";
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const expires = /Expires=([^;]+)/i.exec(cookie)?.[1];
    expect(expires).toBeDefined();
    expect(new Date(expires ?? "").getTime()).toBeGreaterThan(Date.now());
  });

  it("a deleted account's still-valid token is refused on the next request", async () => {
    const doomed = await db().user.create({ data: { email: `gone-${randomUUID().slice(0, 8)}@example.com`, passwordHash: "x", role: "student" } });
    const token = await encode({ token: { id: doomed.id, email: doomed.email, role: "student", sub: doomed.id, sid: randomUUID(), sv: 0 }, secret: secret(), maxAge: 60 });
    expect((await withToken(token).request("/api/submissions/none")).status).toBe(404);
    await db().user.delete({ where: { id: doomed.id } });
    expect((await withToken(token).request("/api/submissions/none")).status).toBe(401);
  });
});

describe("rate limits", () => {
  it("sign-in: the sixth wrong password in a minute says when to try again", async () => {
    const s = new HttpSession(baseURL());
    const email = cast.studentB.email;
    let last = "";
    for (let i = 0; i < 6; i++) {
      const outcome = await signInHttp(s, email, `wrong-${i}`);
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) last = outcome.error;
    }
    expect(last).toMatch(/^Too many attempts, try again in \d+ s$/);
    // Even the right password is refused until the window passes.
    const right = await signInHttp(s, email, cast.studentB.password);
    expect(right.ok).toBe(false);
  });

  it("submissions: the 41st in a minute gets 429 with Retry-After and a retry time", async () => {
    const flooder = await db().user.create({
      data: { email: `flood-${randomUUID().slice(0, 8)}@example.com`, passwordHash: (await db().user.findUniqueOrThrow({ where: { id: cast.studentA.id } })).passwordHash, role: "student" },
    });
    await db().enrollment.create({ data: { userId: flooder.id, courseId: cast.courseId } });
    const s = await signedIn(baseURL(), { id: flooder.id, email: flooder.email, password: cast.studentA.password });
    const statuses: number[] = [];
    let lastBody: unknown = null;
    let retryAfter: string | null = null;
    for (let i = 0; i < 41; i++) {
      const res = await s.request("/api/submissions", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ exerciseId: cast.codeItem.id, code: "export class MulLayer {", mode: "public" }),
      });
      statuses.push(res.status);
      lastBody = (await res.json()) as unknown;
      retryAfter = res.headers.get("retry-after");
    }
    expect(statuses.slice(0, 40).every((c) => c === 202)).toBe(true);
    expect(statuses[40]).toBe(429);
    expect(z.object({ error: z.string() }).parse(lastBody).error).toMatch(/^Too many submissions in a minute; try again in \d+ s\.$/);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(await db().submission.count({ where: { userId: flooder.id } })).toBe(40);
  });
});

describe("bad input over HTTP: a specific message, nothing stored", () => {
  const post = (body: BodyInit, headers: Record<string, string> = {}) =>
    student.request("/api/submissions", { method: "POST", headers: { "content-type": "application/json", ...headers }, body });

  const cases: { name: string; body: () => BodyInit; status: number; message: RegExp }[] = [
    {
      name: "code over 64 KB",
      body: () => JSON.stringify({ exerciseId: cast.codeItem.id, code: `export class MulLayer {}\n//${"x".repeat(70 * 1024)}` }),
      status: 413,
      message: /^Your code is 70(\.\d)? KB; the limit is 64 KB\. Remove unused code/,
    },
    {
      name: "non-UTF-8 bytes",
      body: () => {
        const head = Buffer.from(`{"exerciseId":"${cast.codeItem.id}","code":"export class MulLayer {} // `);
        return Buffer.concat([head, Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]);
      },
      status: 400,
      message: /not valid UTF-8/,
    },
    { name: "lone surrogate", body: () => `{"exerciseId":"${cast.codeItem.id}","code":"export const x = '\\ud800'"}`, status: 400, message: /not valid UTF-8/ },
    { name: "empty code", body: () => JSON.stringify({ exerciseId: cast.codeItem.id, code: "" }), status: 400, message: /^There is no code to run$/ },
    { name: "blank code", body: () => JSON.stringify({ exerciseId: cast.codeItem.id, code: "  \n " }), status: 400, message: /^There is no code to run$/ },
    { name: "code of the wrong type", body: () => JSON.stringify({ exerciseId: cast.codeItem.id, code: 42 }), status: 400, message: /^code must be a string$/ },
    { name: "bad mode", body: () => JSON.stringify({ exerciseId: cast.codeItem.id, code: "x", mode: "exam" }), status: 400, message: /mode must be/ },
    { name: "not JSON", body: () => "{code:", status: 400, message: /not valid JSON/ },
    { name: "unknown exercise id", body: () => JSON.stringify({ exerciseId: "no-such-exercise", code: "x" }), status: 403, message: /^No such item$/ },
    { name: "a quiz item", body: () => JSON.stringify({ exerciseId: cast.quizItem.id, code: "x" }), status: 409, message: /not a coding exercise/ },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const before = await db().submission.count();
      const res = await post(c.body());
      const body = (await res.json()) as { error?: string };
      expect(res.status).toBe(c.status);
      expect(body.error).toMatch(c.message);
      expect(await db().submission.count()).toBe(before);
    });
  }

  const graded: { name: string; code: string; gradable: boolean; message: RegExp }[] = [
    { name: "syntax error", code: "export class MulLayer {\n  forward(x: number { return x }\n}", gradable: false, message: /^Line 2:\d+: /m },
    { name: "missing export", code: "class MulLayer {}", gradable: true, message: /^Your code must export MulLayer$/m },
    { name: "export of the wrong type", code: "export const MulLayer = 42;", gradable: true, message: /^MulLayer must be a class \(export class MulLayer \{ … \}\), but your code exports a number\.$/m },
  ];
  for (const c of graded) {
    it(`${c.name}: stored and graded with a specific message`, async () => {
      const posted = await postSubmission(student, { exerciseId: cast.codeItem.id, code: c.code, mode: "public" });
      expect(posted.status).toBe(202);
      const done = await waitForResult(student, posted.id ?? "");
      expect(done.body?.status).toBe("graded");
      expect(done.body?.gradable).toBe(c.gradable);
      const messages = [done.body?.result?.error?.message ?? "", ...(done.body?.result?.tests ?? []).map((t) => t.message)].join("\n");
      expect(messages).toMatch(c.message);
    });
  }
});
