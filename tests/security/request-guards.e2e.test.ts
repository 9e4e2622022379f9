import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { db, disconnectDb } from "@/lib/data/db";
import { baseURL } from "../e2e/browser";
import { HttpSession } from "../load/http-client";
import { createSecurityCast, signedIn, type SecurityCast } from "./fixtures";

// Every state-changing route handler (App Router route handlers and Pages Router API routes)
// refuses another site's page and a content type it does not read, and caps the body before
// reading it (decision 065). Server actions get the same from Next (its origin check and
// serverActions.bodySizeLimit); tests/security/http-hardening.e2e.test.ts covers their CSRF.

let cast: SecurityCast;
let instructor: HttpSession;

beforeAll(async () => {
  cast = await createSecurityCast();
  instructor = await signedIn(baseURL(), cast.instructor);
});

afterAll(async () => {
  await disconnectDb();
});

/** Route files that accept a state-changing method, and the URL the tests below send it to. */
const STATE_CHANGING: Record<string, string> = {
  "app/api/instructor/courses/route.ts": "/api/instructor/courses",
  "pages/api/submissions/index.ts": "/api/submissions",
  "pages/api/auth/[...nextauth].ts": "/api/auth/callback/credentials",
  "pages/api/signup.ts": "/api/signup",
  "pages/api/password-reset.ts": "/api/password-reset",
  "pages/api/forgot-password.ts": "/api/forgot-password",
  "pages/api/lti/deep-link.ts": "/api/lti/deep-link",
};

/**
 * LTI endpoints an LMS posts to from its own site (decision 094): cross-site by design, so no origin
 * check; a signed id_token bound to this browser's state cookie is what authenticates a launch, and
 * login initiation writes nothing. They still read only forms and cap their bodies.
 */
const CROSS_SITE_BY_DESIGN: Record<string, string> = {
  "pages/api/lti/login.ts": "/api/lti/login",
  "pages/api/lti/launch.ts": "/api/lti/launch",
};
/** Their body caps (the routes' bodyParser sizeLimit). */
const CROSS_SITE_CAP_BYTES: Record<string, number> = { "/api/lti/login": 16 * 1024, "/api/lti/launch": 96 * 1024 };

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile() && /\.tsx?$/.test(e.name)).map((e) => path.relative(process.cwd(), path.join(e.parentPath, e.name)));
}

describe("state-changing routes", () => {
  it("every route handler that takes a POST (or PUT, PATCH, DELETE) is listed here and checks origin and content type", () => {
    const appHandlers = routeFiles("app").filter((f) => f.endsWith("route.ts") && /export (async )?function (POST|PUT|PATCH|DELETE)\b|export \{[^}]*\b(POST|PUT|PATCH|DELETE)\b/.test(fs.readFileSync(f, "utf8")));
    const pagesHandlers = routeFiles("pages/api").filter((f) => !/\[id\]\.ts$/.test(f));
    expect([...appHandlers, ...pagesHandlers].sort()).toEqual([...Object.keys(STATE_CHANGING), ...Object.keys(CROSS_SITE_BY_DESIGN)].sort());
    for (const file of Object.keys(STATE_CHANGING)) {
      const source = fs.readFileSync(file, "utf8");
      expect(source, file).toContain("isCrossOrigin(");
      expect(source, file).toContain("hasContentType(");
    }
    for (const file of Object.keys(CROSS_SITE_BY_DESIGN)) expect(fs.readFileSync(file, "utf8"), file).toContain("hasContentType(");
  });

  it("the LTI endpoints an LMS posts to: a JSON body 415, over their cap 413; the item picker's post: another site 403", async () => {
    const s = new HttpSession(baseURL());
    for (const url of Object.values(CROSS_SITE_BY_DESIGN)) {
      expect((await s.request(url, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).status, url).toBe(415);
      // Just over the cap: a body much larger than the cap is cut off by the server (the connection
      // resets before the client has sent it all) instead of answered.
      const huge = new URLSearchParams({ id_token: "x".repeat((CROSS_SITE_CAP_BYTES[url] ?? 0) + 2_000), state: "y" }).toString();
      expect((await s.request(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: huge })).status, url).toBe(413);
    }
    const picker = await instructor.request("/api/lti/deep-link", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://evil.example" }, body: "t=x&item=y" });
    expect(picker.status).toBe(403);
  });

  const courseBody = () => JSON.stringify({ title: "Guarded course", slug: `guarded-${randomUUID().slice(0, 8)}`, description: "" });
  const coursesNamed = (slug: string) => db().course.count({ where: { slug } });

  it("POST /api/instructor/courses: text/plain 415, another site 403, over 16 KB 413, and nothing is created", async () => {
    const plain = courseBody();
    const slug = (JSON.parse(plain) as { slug: string }).slug;
    const asText = await instructor.request("/api/instructor/courses", { method: "POST", headers: { "content-type": "text/plain" }, body: plain });
    expect(asText.status).toBe(415);
    const fromOrigin = await instructor.request("/api/instructor/courses", { method: "POST", headers: { "content-type": "application/json", origin: "http://evil.example" }, body: plain });
    expect(fromOrigin.status).toBe(403);
    const fetchMetadata = await instructor.request("/api/instructor/courses", { method: "POST", headers: { "content-type": "application/json", "sec-fetch-site": "cross-site" }, body: plain });
    expect(fetchMetadata.status).toBe(403);
    const huge = JSON.stringify({ title: "Huge", slug, description: "x".repeat(20_000) });
    const tooLarge = await instructor.request("/api/instructor/courses", { method: "POST", headers: { "content-type": "application/json" }, body: huge });
    expect(tooLarge.status).toBe(413);
    expect(await coursesNamed(slug)).toBe(0);
    // The same request as the app's own page sends it works.
    const ok = await instructor.request("/api/instructor/courses", {
      method: "POST",
      headers: { "content-type": "application/json", origin: new URL(baseURL()).origin, "sec-fetch-site": "same-origin" },
      body: plain,
    });
    expect(ok.status).toBe(201);
    expect(await coursesNamed(slug)).toBe(1);
  });

  it("the credentials callback: a body over 8 KB is refused before next-auth reads it, and so are JSON and another site", async () => {
    const s = new HttpSession(baseURL());
    const { csrfToken } = z.object({ csrfToken: z.string() }).parse(await (await s.request("/api/auth/csrf")).json());
    const form = (extra: Record<string, string> = {}) => new URLSearchParams({ csrfToken, email: cast.studentA.email, password: cast.studentA.password, json: "true", ...extra }).toString();
    const post = (body: string, headers: Record<string, string>) => s.request("/api/auth/callback/credentials", { method: "POST", headers, body });
    expect((await post(form({ padding: "x".repeat(10_000) }), { "content-type": "application/x-www-form-urlencoded" })).status).toBe(413);
    expect((await post(JSON.stringify({ csrfToken, email: cast.studentA.email, password: cast.studentA.password }), { "content-type": "application/json" })).status).toBe(415);
    expect((await post(form(), { "content-type": "application/x-www-form-urlencoded", origin: "http://evil.example" })).status).toBe(403);
    expect(s.signedIn).toBe(false);
    // The form as the sign-in page posts it still signs in.
    expect((await post(form(), { "content-type": "application/x-www-form-urlencoded", origin: new URL(baseURL()).origin })).status).toBe(200);
    expect(s.signedIn).toBe(true);
  });

  it("POST /api/signup: another site 403, a form body 415, over 8 KB 413, and no account is created", async () => {
    const email = `guarded-${randomUUID().slice(0, 8)}@example.com`;
    const json = JSON.stringify({ email, password: "correct horse battery" });
    const post = (body: string, headers: Record<string, string>) => new HttpSession(baseURL()).request("/api/signup", { method: "POST", headers, body });
    expect((await post(json, { "content-type": "application/json", origin: "http://evil.example" })).status).toBe(403);
    expect((await post(new URLSearchParams({ email, password: "correct horse battery" }).toString(), { "content-type": "application/x-www-form-urlencoded" })).status).toBe(415);
    expect((await post(JSON.stringify({ email, password: "correct horse battery", name: "x".repeat(10_000) }), { "content-type": "application/json" })).status).toBe(413);
    expect(await db().user.count({ where: { email } })).toBe(0);
  });
});
