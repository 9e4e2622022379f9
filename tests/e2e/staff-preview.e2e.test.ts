import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db, disconnectDb } from "@/lib/data/db";
import { DEMO_COURSE } from "@/lib/data/demo-seed";
import { hashPassword } from "@/lib/data/passwords";
import { baseURL, launchBrowser, signIn } from "./browser";

// The course's staff try an item on its student page without spending attempts (issue 21, item 3):
// an instructor opens a three-attempt quiz of their course, reads that this is a staff preview,
// and answers it four times, every answer graded and none refused. At desktop size and at 390 px,
// with screenshots in tests/e2e/artifacts.

const ARTIFACTS = path.join(import.meta.dirname, "artifacts");
const shot = (name: string): string => path.join(ARTIFACTS, inject("topology") === "embedded" ? `${name}.png` : `${name}-${inject("topology")}.png`);
const RUN = randomUUID().slice(0, 6);
const PASSWORD = "staff-preview-e2e-password";

let browser: Browser;

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser.close();
  await disconnectDb();
});

/** A teacher with a course holding a copy of the demo course's three-attempt numeric quiz. */
async function fixture(name: string): Promise<{ email: string; teacherId: string; itemId: string; url: string }> {
  const email = `staff-${name}-${RUN}@example.com`;
  const teacher = await db().user.create({ data: { email, name: "Sam Staff", role: "instructor", passwordHash: await hashPassword(PASSWORD) }, select: { id: true } });
  const slug = `staff-${name}-${RUN}`;
  const courseId = (await db().course.create({ data: { slug, title: `Staff ${RUN}`, joinCode: `SP${name.slice(0, 2).toUpperCase()}${RUN.toUpperCase()}`, ownerId: teacher.id }, select: { id: true } })).id;
  const demo = await db().course.findUniqueOrThrow({ where: { slug: DEMO_COURSE.slug }, select: { id: true } });
  const source = await db().exercise.findFirstOrThrow({ where: { courseId: demo.id, slug: "predict-dapple" }, select: { title: true, currentVersion: { select: { meta: true, files: true } } } });
  const itemSlug = `staff-item-${name}-${RUN}`;
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
  return { email, teacherId: teacher.id, itemId: item.id, url: `/courses/${slug}/${itemSlug}` };
}

for (const viewport of [
  { name: "desktop", width: 1400, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const) {
  describe(`staff preview of a student page (${viewport.name}, ${viewport.width} px)`, () => {
    it("the course's instructor answers a three-attempt quiz four times: every answer graded, no attempt spent", async () => {
      const { email, teacherId, itemId, url } = await fixture(viewport.name);
      const context = await browser.newContext({ baseURL: baseURL(), viewport: { width: viewport.width, height: viewport.height } });
      context.setDefaultTimeout(20_000);
      const page: Page = await context.newPage();
      await signIn(page, email, PASSWORD);
      await page.waitForURL((u) => !u.pathname.startsWith("/signin"));
      await page.goto(url);
      await page.getByTestId("staff-preview").waitFor();
      expect(await page.getByTestId("staff-preview").innerText()).toMatch(/previewing this item as staff of the course: your tries use no attempts/);
      // No attempt counter and no "last attempt" question for staff.
      expect(await page.getByText(/attempts? left/i).count()).toBe(0);
      const field = page.getByRole("textbox", { name: /dApple/ });
      for (let i = 1; i <= 4; i++) {
        await field.fill(String(-i));
        await page.getByRole("button", { name: "Submit answer" }).click();
        await expect.poll(() => db().quizAnswer.count({ where: { userId: teacherId, exerciseId: itemId, gradable: true } }), { timeout: 20_000 }).toBe(i);
      }
      await page.getByText("Score: 0%").first().waitFor();
      expect(await page.getByRole("alert").filter({ hasText: /attempt/i }).count()).toBe(0);
      expect(await page.getByTestId("submit-confirm").count()).toBe(0);
      await page.screenshot({ path: shot(`staff-preview-${viewport.name}`), fullPage: true });
      await context.close();
    });
  });
}
