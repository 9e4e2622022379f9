import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db, disconnectDb } from "@/lib/data/db";
import { DEMO_COURSE } from "@/lib/data/demo-seed";
import { newOneTimeToken } from "@/lib/data/one-time-tokens";
import { hashPassword } from "@/lib/data/passwords";
import { baseURL, launchBrowser, signIn } from "./browser";

// Every page of the app on a 390 px phone (issue 21, item 8; decision 127), in Chromium against
// `next start`: anonymous, as a student and as an instructor who is also a site administrator,
// every page of app/ is opened (pages with ids on fixtures: a course holding a copy of every item
// of the demo course, so every prompt's display math and every kind of widget is shown; an
// assignment; an invitation and a reset link). On each page the document must not scroll sideways
// (math and tables scroll inside their own boxes), no request may answer 404 (the favicon was
// missing on every page), nothing is clipped by a box that hides its overflow, the course and
// progress tables show every column without scrolling, and a screenshot is saved to
// tests/e2e/artifacts. One copied prompt gets a display formula far wider than a phone.

const ARTIFACTS = path.join(import.meta.dirname, "artifacts");
const shot = (name: string): string => path.join(ARTIFACTS, inject("topology") === "embedded" ? `${name}.png` : `${name}-${inject("topology")}.png`);
const RUN = randomUUID().slice(0, 6);
const PASSWORD = "phones-e2e-password";
const PHONE = { width: 390, height: 844 };
const emails = { teacher: `phone-teacher-${RUN}@example.com`, student: `phone-student-${RUN}@example.com` };
const courseSlug = `phones-${RUN}`;
/** A display formula about 1 500 px wide: it must scroll inside its own line on a phone. */
const WIDE_FORMULA = `\\frac{\\partial L}{\\partial x} = ${Array.from({ length: 14 }, (_, i) => `\\frac{\\partial y_{${i}}}{\\partial x} \\cdot \\frac{\\partial L}{\\partial y_{${i}}}`).join(" + ")}`;

let browser: Browser;
let courseId = "";
let studentId = "";
let assignmentId = "";
let invitationPath = "";
let resetPath = "";
const items: { id: string; slug: string; kind: string }[] = [];

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const hash = await hashPassword(PASSWORD);
  const teacher = await db().user.create({ data: { email: emails.teacher, name: "Pat Phone", role: "instructor", passwordHash: hash }, select: { id: true } });
  await db().siteAdmin.create({ data: { userId: teacher.id } });
  const student = await db().user.create({ data: { email: emails.student, name: "Sol Student", role: "student", passwordHash: hash }, select: { id: true } });
  studentId = student.id;
  courseId = (await db().course.create({ data: { slug: courseSlug, title: `Phones ${RUN}`, joinCode: `PH${RUN.toUpperCase()}`, ownerId: teacher.id, timeZone: "Europe/Berlin" }, select: { id: true } })).id;
  await db().enrollment.create({ data: { userId: student.id, courseId } });
  // A copy of every visible item of the demo course (slugs are unique across courses).
  const demo = await db().course.findUniqueOrThrow({ where: { slug: DEMO_COURSE.slug }, select: { id: true } });
  const sources = await db().exercise.findMany({
    where: { courseId: demo.id, hidden: false },
    orderBy: { order: "asc" },
    select: { slug: true, title: true, kind: true, order: true, currentVersion: { select: { contentHash: true, meta: true, files: true } } },
  });
  expect(sources.length).toBeGreaterThan(10);
  for (const s of sources) {
    if (!s.currentVersion) continue;
    const slug = `${s.slug}-${RUN}`;
    const files = { ...(s.currentVersion.files as Record<string, string>) };
    if (s.slug === "mul-layer") files["prompt.md"] = `${files["prompt.md"] ?? ""}\n\n$$\n${WIDE_FORMULA}\n$$\n`;
    const created = await db().exercise.create({
      data: {
        key: `key-${slug}`,
        slug,
        courseId,
        title: s.title,
        kind: s.kind,
        order: s.order,
        source: "authored",
        versions: { create: { contentHash: `${s.currentVersion.contentHash}-${RUN}`, meta: s.currentVersion.meta ?? {}, files } },
      },
      select: { id: true, versions: { select: { id: true } } },
    });
    await db().exercise.update({ where: { id: created.id }, data: { currentVersionId: created.versions[0]?.id ?? null } });
    items.push({ id: created.id, slug, kind: s.kind });
  }
  const first = items[0];
  if (!first) throw new Error("no items copied");
  const assignment = await db().assignment.create({
    data: { courseId, title: "Week 1", releaseAt: new Date(Date.now() - 86_400_000), dueAt: new Date(Date.now() + 7 * 86_400_000), items: { create: [{ exerciseId: first.id }] } },
    select: { id: true },
  });
  assignmentId = assignment.id;
  const invitation = newOneTimeToken();
  await db().invitation.create({ data: { tokenHash: invitation.hash, kind: "co-teacher", courseId, createdById: teacher.id, note: "a colleague", expiresAt: new Date(Date.now() + 86_400_000) } });
  invitationPath = `/invite/${invitation.token}`;
  const reset = newOneTimeToken();
  await db().passwordReset.create({ data: { tokenHash: reset.hash, userId: student.id, createdById: teacher.id, expiresAt: new Date(Date.now() + 3_600_000) } });
  resetPath = `/reset-password/${reset.token}`;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser.close();
  await disconnectDb();
});

interface Visit {
  name: string;
  path: () => string;
  /** The status the page answers with (the 404 and 403 pages are pages too). */
  status?: number;
  /** Elements that must lie wholly on screen, without scrolling anything (a table's every column). */
  onScreen?: string;
}

/** A phone-sized page in its own context, signed in as `email` when given; every 404 (but the 404 page's own) is collected. */
async function phone(email: string | null): Promise<{ page: Page; missing: string[] }> {
  const context = await browser.newContext({ baseURL: baseURL(), viewport: PHONE, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  const missing: string[] = [];
  page.on("response", (r) => {
    if (r.status() === 404 && r.request().resourceType() !== "document") missing.push(r.url());
  });
  page.on("console", (m) => {
    // The console names no URL for a failed load: its location does. The not-found page is meant to be one.
    if (m.type() === "error" && /404/.test(m.text()) && !m.location().url.includes("/no-such-page-")) missing.push(`${m.text()} ${m.location().url}`);
  });
  if (email) {
    await signIn(page, email, PASSWORD);
    await page.waitForURL((u) => !u.pathname.startsWith("/signin"));
  }
  return { page, missing };
}

/** Elements that stick out of the viewport on the right: named so that a failure says what to fix. */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll("*"))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= width + 0.5) continue;
      // Only the outermost culprit: its children stick out because it does.
      if (el.parentElement && el.parentElement.getBoundingClientRect().right > width + 0.5) continue;
      const cls = typeof el.className === "string" && el.className ? `.${el.className.trim().split(/\s+/).join(".")}` : "";
      out.push(`${el.tagName.toLowerCase()}${cls} (right ${Math.round(r.right)} px)`);
    }
    return out.slice(0, 5);
  });
}

/**
 * Content cut off: an element sticking out of an ancestor that hides its overflow (and does not
 * scroll it into reach). The code editor (which scrolls itself) and visually hidden text are not.
 */
async function clipped(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll("*"))) {
      if (el.closest(".monaco-editor, .katex-mathml, .cr-visually-hidden, [aria-hidden='true']")) continue;
      const r = el.getBoundingClientRect();
      if (r.width < 2 || r.height < 2 || getComputedStyle(el).visibility === "hidden") continue;
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const style = getComputedStyle(a);
        if (style.overflowX === "visible") continue;
        if (style.overflowX === "auto" || style.overflowX === "scroll") break;
        // Visually hidden on purpose (a table header kept for screen readers): a 1 px box.
        if (a.getBoundingClientRect().width <= 1 || a.getBoundingClientRect().height <= 1) break;
        if (style.textOverflow !== "ellipsis" && r.right > a.getBoundingClientRect().right + 1) out.push(`${el.tagName.toLowerCase()} "${(el.textContent ?? "").trim().slice(0, 40)}" in ${a.tagName.toLowerCase()}.${a.className}`);
        break;
      }
    }
    return out.slice(0, 5);
  });
}

/** Elements matching `selector` that are not wholly inside the viewport's width. */
async function offScreen(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((els) => {
    const width = document.documentElement.clientWidth;
    return els.filter((el) => el.getBoundingClientRect().right > width + 0.5 || el.getBoundingClientRect().left < -0.5).map((el) => (el.textContent ?? "").trim().slice(0, 40));
  });
}

async function walk(who: string, email: string | null, visits: Visit[]): Promise<void> {
  const { page, missing } = await phone(email);
  const sideways: string[] = [];
  const cut: string[] = [];
  for (const visit of visits) {
    const res = await page.goto(visit.path(), { waitUntil: "networkidle" });
    expect(res?.status(), `${who}: ${visit.name}`).toBe(visit.status ?? 200);
    // Wide widgets (the code editor, charts) are laid out after hydration.
    await page.waitForTimeout(300);
    const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
    await page.screenshot({ path: shot(`phone-${who}-${visit.name}`), fullPage: true });
    if (scrollWidth > clientWidth) sideways.push(`${visit.name} (${visit.path()}): ${scrollWidth} > ${clientWidth}: ${(await overflowing(page)).join(", ")}`);
    const hidden = [...(await clipped(page)), ...(visit.onScreen ? (await offScreen(page, visit.onScreen)).map((t) => `off screen: "${t}"`) : [])];
    if (hidden.length > 0) cut.push(`${visit.name}: ${hidden.join("; ")}`);
  }
  await page.context().close();
  expect({ sideways, cut, missing: [...new Set(missing)] }, `${who} at 390 px`).toEqual({ sideways: [], cut: [], missing: [] });
}

describe("every page at 390 px: nothing scrolls the page sideways, nothing is missing", () => {
  it("anonymous pages", async () => {
    await walk("anonymous", null, [
      { name: "home", path: () => "/" },
      { name: "signin", path: () => "/signin" },
      { name: "signup", path: () => "/signup" },
      { name: "forgot-password", path: () => "/forgot-password" },
      { name: "invite-code", path: () => "/invite" },
      { name: "invite-link", path: () => invitationPath },
      { name: "reset-password", path: () => resetPath },
      { name: "glossary", path: () => "/glossary" },
      { name: "lti-not-ready", path: () => "/lti/not-ready" },
      { name: "not-found", path: () => `/no-such-page-${RUN}`, status: 404 },
    ]);
  });

  it("a student's pages, with every item of the course", async () => {
    await walk("student", emails.student, [
      { name: "courses", path: () => "/courses" },
      { name: "course", path: () => `/courses/${courseSlug}`, onScreen: "table.cr-outline td" },
      ...items.map((item) => ({ name: `item-${item.kind}-${item.slug.replace(`-${RUN}`, "")}`, path: () => `/courses/${courseSlug}/${item.slug}` })),
      { name: "progress", path: () => "/progress", onScreen: "table.cr-outline td" },
      { name: "account", path: () => "/account" },
      { name: "glossary", path: () => "/glossary" },
      { name: "instructor-forbidden", path: () => "/instructor", status: 403 },
    ]);
  }, 600_000);

  it("an instructor's (and site administrator's) pages", async () => {
    const code = items.find((i) => i.kind === "code");
    const quiz = items.find((i) => i.kind !== "code");
    if (!code || !quiz) throw new Error("fixtures need a code item and a quiz");
    const course = () => `/instructor/courses/${courseId}`;
    await walk("instructor", emails.teacher, [
      { name: "instructor-home", path: () => "/instructor" },
      { name: "course-dashboard", path: course },
      { name: "items", path: () => `${course()}/items` },
      { name: "item-editor-code", path: () => `${course()}/items/${code.id}` },
      { name: "item-editor-quiz", path: () => `${course()}/items/${quiz.id}` },
      { name: "item-new", path: () => `${course()}/items/new` },
      { name: "student", path: () => `${course()}/students/${studentId}` },
      { name: "assignments", path: () => `${course()}/assignments` },
      { name: "assignment", path: () => `${course()}/assignments/${assignmentId}` },
      { name: "course-lti", path: () => `${course()}/lti` },
      { name: "people", path: () => `${course()}/people` },
      { name: "lti-platforms", path: () => "/instructor/lti" },
      { name: "accounts", path: () => "/instructor/accounts" },
      { name: "lti-link-course", path: () => "/lti/link-course?t=forged", status: 403 },
      { name: "lti-deep-link", path: () => "/lti/deep-link?t=forged", status: 403 },
      { name: "course-as-staff", path: () => `/courses/${courseSlug}` },
      { name: "item-as-staff", path: () => `/courses/${courseSlug}/${code.slug}` },
      { name: "courses", path: () => "/courses" },
      { name: "progress", path: () => "/progress" },
      { name: "account", path: () => "/account" },
    ]);
  }, 600_000);
});

describe("the favicon and the app icon", () => {
  it("/favicon.ico and every page's icons answer 200 (no 404 in the console), signed out and in", async () => {
    const favicon = await fetch(`${baseURL()}/favicon.ico`);
    expect(favicon.status).toBe(200);
    expect(favicon.headers.get("content-type")).toMatch(/^image\//);
    expect((await favicon.arrayBuffer()).byteLength).toBeGreaterThan(100);
    for (const email of [null, emails.student]) {
      const { page, missing } = await phone(email);
      for (const path of ["/", "/signin", "/courses", `/courses/${courseSlug}`]) {
        await page.goto(path, { waitUntil: "networkidle" });
        const icons = await page.locator("link[rel~='icon'], link[rel='apple-touch-icon']").evaluateAll((links) => links.map((l) => (l as HTMLLinkElement).href));
        expect(icons.length, path).toBeGreaterThanOrEqual(2);
        for (const href of icons) {
          const res = await page.request.get(href);
          expect(res.status(), href).toBe(200);
          expect(res.headers()["content-type"], href).toMatch(/^image\//);
        }
      }
      expect(missing).toEqual([]);
      await page.context().close();
    }
  });
});
