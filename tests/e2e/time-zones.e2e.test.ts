import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db, disconnectDb } from "@/lib/data/db";
import { DEMO_COURSE } from "@/lib/data/demo-seed";
import { hashPassword } from "@/lib/data/passwords";
import { formatTime } from "@/lib/i18n/format";
import { baseURL, launchBrowser, signIn } from "./browser";

// One time-zone rule (issue 21, item 8; decision 127), in Chromium against `next start`: the
// browser tells the server its zone (the `tz` cookie, written on the first page), and every time
// is then shown on the reader's clock with the zone named. The same deadline, stored once, reads
// "Sat, 16 Jan 2027, 01:00 (Asia/Seoul)" for a student in Seoul and "Fri, 15 Jan 2027, 11:00
// (America/New_York)" for one in New York, on the course page and the item page; the instructor
// (in Seoul) sees the table in Seoul time but types deadlines in the course's zone (Berlin), as
// the form's labels say, and what is typed is stored as that wall time in Berlin. At desktop size
// and at 390 px, with screenshots in tests/e2e/artifacts.

const ARTIFACTS = path.join(import.meta.dirname, "artifacts");
const shot = (name: string): string => path.join(ARTIFACTS, inject("topology") === "embedded" ? `${name}.png` : `${name}-${inject("topology")}.png`);
const RUN = randomUUID().slice(0, 6);
const PASSWORD = "time-zones-e2e-password";
const COURSE_TZ = "Europe/Berlin";
const SEOUL = "Asia/Seoul";
const NEW_YORK = "America/New_York";
// 17:00 in Berlin on 15 January 2027: already the 16th in Seoul, still the morning in New York.
const DUE = new Date(Date.UTC(2027, 0, 15, 16, 0));
const slug = `zones-${RUN}`;
const itemSlug = `zones-item-${RUN}`;
const emails = { teacher: `zones-teacher-${RUN}@example.com`, seoul: `zones-seoul-${RUN}@example.com`, newYork: `zones-ny-${RUN}@example.com` };

let browser: Browser;
let courseId = "";
let assignmentId = "";

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const hash = await hashPassword(PASSWORD);
  const teacher = await db().user.create({ data: { email: emails.teacher, name: "Tess Teacher", role: "instructor", passwordHash: hash }, select: { id: true } });
  courseId = (await db().course.create({ data: { slug, title: `Zones ${RUN}`, joinCode: `TZ${RUN.toUpperCase()}`, ownerId: teacher.id, timeZone: COURSE_TZ }, select: { id: true } })).id;
  for (const email of [emails.seoul, emails.newYork]) {
    const student = await db().user.create({ data: { email, name: email.split("@")[0], role: "student", passwordHash: hash }, select: { id: true } });
    await db().enrollment.create({ data: { userId: student.id, courseId } });
  }
  // A numeric quiz of the demo course, copied into this course.
  const demo = await db().course.findUniqueOrThrow({ where: { slug: DEMO_COURSE.slug }, select: { id: true } });
  const source = await db().exercise.findFirstOrThrow({ where: { courseId: demo.id, kind: "numeric", hidden: false }, select: { title: true, currentVersion: { select: { meta: true, files: true } } } });
  const item = await db().exercise.create({
    data: {
      key: `key-${itemSlug}`,
      slug: itemSlug,
      courseId,
      title: source.title,
      kind: "numeric",
      order: 1,
      source: "authored",
      versions: { create: { contentHash: `hash-${itemSlug}`, meta: source.currentVersion?.meta ?? {}, files: source.currentVersion?.files ?? {} } },
    },
    select: { id: true, versions: { select: { id: true } } },
  });
  await db().exercise.update({ where: { id: item.id }, data: { currentVersionId: item.versions[0]?.id ?? null } });
  assignmentId = (
    await db().assignment.create({
      data: { courseId, title: "Week 2", releaseAt: new Date(Date.now() - 86_400_000), dueAt: DUE, items: { create: [{ exerciseId: item.id }] } },
      select: { id: true },
    })
  ).id;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser.close();
  await disconnectDb();
});

const VIEWPORTS = [
  { name: "desktop", width: 1400, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;

async function signedIn(context: BrowserContext, email: string): Promise<Page> {
  const page = await context.newPage();
  await signIn(page, email, PASSWORD);
  await page.waitForURL((u) => !u.pathname.startsWith("/signin"));
  return page;
}

describe("one time-zone rule: the viewer's zone, named", () => {
  for (const viewport of VIEWPORTS) {
    const contextIn = async (timezoneId: string) => {
      const context = await browser.newContext({ baseURL: baseURL(), timezoneId, locale: "en-US", viewport: { width: viewport.width, height: viewport.height } });
      context.setDefaultTimeout(20_000);
      return context;
    };

    it(`the same deadline reads on each student's clock, Seoul and New York (${viewport.name})`, async () => {
      const seoulTime = formatTime(DUE, { zone: SEOUL, locale: "en" });
      const newYorkTime = formatTime(DUE, { zone: NEW_YORK, locale: "en" });
      expect(seoulTime).toBe("Sat, 16 Jan 2027, 01:00 (Asia/Seoul)");
      expect(newYorkTime).toBe("Fri, 15 Jan 2027, 11:00 (America/New_York)");
      for (const [zone, email, expected] of [
        [SEOUL, emails.seoul, seoulTime],
        [NEW_YORK, emails.newYork, newYorkTime],
      ] as const) {
        const context = await contextIn(zone);
        const page = await signedIn(context, email);
        // The first page told the server the browser's zone.
        await expect.poll(async () => (await context.cookies()).find((c) => c.name === "tz")?.value).toBe(zone);
        await page.goto(`/courses/${slug}`);
        const notice = page.getByRole("region", { name: "Assignment: Week 2" });
        await notice.getByText(`due ${expected}`).waitFor();
        // Hovering names the course's own time.
        expect(await notice.locator("time").first().getAttribute("title")).toBe(`${formatTime(DUE, { zone: COURSE_TZ, locale: "en" })} in the course's time zone`);
        await page.screenshot({ path: shot(`time-zone-course-${zone.replace("/", "-")}-${viewport.name}`), fullPage: true });
        await page.goto(`/courses/${slug}/${itemSlug}`);
        await page.getByTestId("assignment-notice").getByText(expected).waitFor();
        await page.screenshot({ path: shot(`time-zone-item-${zone.replace("/", "-")}-${viewport.name}`), fullPage: true });
        await context.close();
      }
    });
  }

  it("a zone the server does not know is never used: the course's zone is shown instead, named", async () => {
    const context = await browser.newContext({ baseURL: baseURL(), timezoneId: NEW_YORK });
    const page = await signedIn(context, emails.newYork);
    await expect.poll(async () => (await context.cookies()).find((c) => c.name === "tz")?.value).toBe(NEW_YORK);
    // What the server renders (the browser would rewrite the cookie at once), for a forged value.
    await context.addCookies([{ name: "tz", value: "Mars/Olympus_Mons", url: baseURL() }]);
    const html = await (await page.request.get(`/courses/${slug}`)).text();
    expect(html).toContain(formatTime(DUE, { zone: COURSE_TZ, locale: "en" }));
    expect(html).not.toContain("Mars/Olympus_Mons");
    expect(html).not.toContain(formatTime(DUE, { zone: NEW_YORK, locale: "en" }));
    await context.close();
  });

  it("the instructor reads the table on their clock and types deadlines in the course's zone, as the form says", async () => {
    const context = await browser.newContext({ baseURL: baseURL(), timezoneId: SEOUL, viewport: { width: 390, height: 844 } });
    context.setDefaultTimeout(20_000);
    const page = await signedIn(context, emails.teacher);
    await expect.poll(async () => (await context.cookies()).find((c) => c.name === "tz")?.value).toBe(SEOUL);
    await page.goto(`/instructor/courses/${courseId}/assignments`);
    const table = page.getByTestId("assignments-table");
    await table.getByText(formatTime(DUE, { zone: SEOUL, locale: "en" })).waitFor();
    await page.screenshot({ path: shot("time-zone-instructor-assignments-phone"), fullPage: true });

    await page.goto(`/instructor/courses/${courseId}/assignments/${assignmentId}`);
    await page.getByText(`due ${formatTime(DUE, { zone: SEOUL, locale: "en" })}`).first().waitFor();
    const form = page.getByRole("form", { name: "Assignment settings" });
    // The form is typed in the course's zone, and says so.
    const due = form.getByLabel(`Due (${COURSE_TZ})`);
    expect(await due.inputValue()).toBe("2027-01-15T17:00");
    await due.fill("2027-01-20T09:30");
    await form.getByRole("button", { name: "Preview changes" }).click();
    await form.getByRole("status").filter({ hasText: "Dry run (nothing changed yet)" }).waitFor();
    await form.getByRole("button", { name: "Save changes" }).click();
    // 09:30 in Berlin (CET, UTC+1) is 08:30 UTC, whatever the instructor's own zone.
    await expect.poll(async () => (await db().assignment.findUniqueOrThrow({ where: { id: assignmentId }, select: { dueAt: true } })).dueAt.toISOString()).toBe("2027-01-20T08:30:00.000Z");
    await page.goto(`/instructor/courses/${courseId}/assignments`);
    await table.getByText("Wed, 20 Jan 2027, 17:30 (Asia/Seoul)").waitFor();
    await page.screenshot({ path: shot("time-zone-instructor-after-edit-phone"), fullPage: true });
    await context.close();
  });
});
