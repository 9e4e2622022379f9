import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db, disconnectDb } from "@/lib/data/db";
import { hashPassword } from "@/lib/data/passwords";
import { hashPackageFiles } from "@/lib/exercises/loader";
import { baseURL, launchBrowser, signIn } from "./browser";

// Reuse (issue 21, decision 123), in Chromium against the served app, at desktop size and on a
// 390 px phone: an instructor copies a course for the next semester (its items and assignments are
// in the copy, its students are not), exports an item from one course and imports it into another
// "as a copy" (the original is untouched), and authors an item whose id follows the slug typed.
// The instructor, the courses and their items are fixtures in the server's database; everything
// else goes through the pages. Screenshots: tests/e2e/artifacts.

const ARTIFACTS = path.join(import.meta.dirname, "artifacts");
const shot = (name: string): string => path.join(ARTIFACTS, inject("topology") === "embedded" ? `${name}.png` : `${name}-${inject("topology")}.png`);
const PASSWORD = "reuse-e2e-password";

let browser: Browser;

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
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

/** An item of `courseId` with the seeded item `fromSlug`'s published files, under its own slug and id. */
async function itemLike(fromSlug: string, courseId: string, slug: string, order: number, hidden: boolean): Promise<string> {
  const from = await db().exercise.findUniqueOrThrow({ where: { slug: fromSlug }, select: { title: true, kind: true, points: true, currentVersion: { select: { files: true, meta: true } } } });
  const key = `e2e-${slug}`;
  const files = { ...(from.currentVersion?.files as Record<string, string>) };
  files["exercise.json"] = JSON.stringify({ ...(JSON.parse(files["exercise.json"] ?? "{}") as Record<string, unknown>), id: key }, null, 2);
  const row = await db().exercise.create({ data: { key, slug, courseId, title: from.title, kind: from.kind, points: from.points, order, hidden, source: "authored" }, select: { id: true } });
  const meta = { ...(from.currentVersion?.meta as Record<string, unknown>), id: key };
  const version = await db().exerciseVersion.create({ data: { exerciseId: row.id, contentHash: hashPackageFiles(files), meta, files }, select: { id: true } });
  await db().exercise.update({ where: { id: row.id }, data: { currentVersionId: version.id } });
  return row.id;
}

for (const viewport of VIEWPORTS) {
  describe(`reuse (${viewport.name}, ${viewport.width} px)`, () => {
    const run = `${viewport.name.slice(0, 1)}${randomUUID().slice(0, 6)}`;
    const email = `reuse-${run}@example.com`;
    const course = { slug: `reuse-${run}`, title: `Reuse ${run}`, id: "" };
    const second = { slug: `second-${run}`, title: `Second ${run}`, id: "" };
    const quizSlug = `dapple-${run}`;
    const codeSlug = `mul-${run}`;
    const ids = { quiz: "", code: "" };

    async function signedIn(): Promise<Page> {
      const context = await browser.newContext({ baseURL: baseURL(), viewport: { width: viewport.width, height: viewport.height } });
      context.setDefaultTimeout(20_000);
      const p = await context.newPage();
      await signIn(p, email, PASSWORD);
      await p.waitForURL((u) => !u.pathname.startsWith("/signin"));
      return p;
    }

    /** What this feature adds fits the screen at this width (no sideways scrolling to reach it). */
    async function fits(locator: Locator): Promise<void> {
      const box = await locator.boundingBox();
      expect(box && box.x + box.width).toBeLessThanOrEqual(viewport.width);
    }

    beforeAll(async () => {
      const hash = await hashPassword(PASSWORD);
      const owner = await db().user.create({ data: { email, name: "Rita Reuse", role: "instructor", passwordHash: hash }, select: { id: true } });
      const student = await db().user.create({ data: { email: `reuse-student-${run}@example.com`, name: "Stu Dent", role: "student", passwordHash: hash }, select: { id: true } });
      course.id = (await db().course.create({ data: { slug: course.slug, title: course.title, description: "Term 1", timeZone: "Asia/Seoul", joinCode: `RU${randomUUID().slice(0, 8).toUpperCase()}`, ownerId: owner.id }, select: { id: true } })).id;
      second.id = (await db().course.create({ data: { slug: second.slug, title: second.title, joinCode: `RV${randomUUID().slice(0, 8).toUpperCase()}`, ownerId: owner.id }, select: { id: true } })).id;
      ids.quiz = await itemLike("predict-dapple", course.id, quizSlug, 1, false);
      ids.code = await itemLike("mul-layer", course.id, codeSlug, 2, true);
      await db().assignment.create({
        data: {
          courseId: course.id,
          title: `Week 1 ${run}`,
          releaseAt: new Date("2026-09-01T00:00:00Z"),
          dueAt: new Date("2026-09-07T14:59:00Z"),
          items: { create: [{ exerciseId: ids.quiz, position: 1 }, { exerciseId: ids.code, position: 2 }] },
        },
      });
      await db().enrollment.create({ data: { userId: student.id, courseId: course.id } });
      await db().progress.create({ data: { userId: student.id, exerciseId: ids.quiz, bestScore: 1, attempts: 1 } });
    });

    it("copies a course: the copy has its items and assignments, dates moved as asked, and no students", async () => {
      const p = await signedIn();
      await p.goto(`/instructor/courses/${course.id}`);
      await p.getByRole("link", { name: "Copy this course" }).click();
      await p.getByRole("heading", { name: `Copy ${course.title}` }).waitFor();
      await p.getByText("2 items · 1 assignment · time zone Asia/Seoul").waitFor();
      expect(await p.getByLabel("Title of the new course").inputValue()).toBe(`${course.title} (copy)`);
      expect(await p.getByLabel("Slug of the new course").inputValue()).toBe(`${course.slug}-copy`);
      await p.getByLabel("Title of the new course").fill(`${course.title} term 2`);
      await p.getByLabel("Move every assignment date by (days)").fill("7");
      await fits(p.getByTestId("copy-course-form"));
      await fits(p.getByRole("button", { name: "Copy course" }));
      await p.screenshot({ path: shot(`reuse-copy-form-${viewport.name}`), fullPage: true });
      await p.getByRole("button", { name: "Copy course" }).click();
      const done = p.getByRole("status").filter({ hasText: `Copied into ${course.title} term 2: 2 items and 1 assignment, no students.` });
      await done.waitFor({ timeout: 60_000 });

      const copy = await db().course.findUniqueOrThrow({ where: { slug: `${course.slug}-copy` }, include: { owner: { select: { email: true } }, enrollments: true } });
      expect(copy).toMatchObject({ title: `${course.title} term 2`, description: "Term 1", timeZone: "Asia/Seoul", enrollments: [] });
      expect(copy.owner?.email).toBe(email);
      await done.getByText(copy.joinCode).waitFor();

      await p.getByRole("link", { name: "Open the copy" }).click();
      await p.getByRole("heading", { name: `Grades · ${course.title} term 2` }).waitFor();
      await p.getByText(`0 students · 2 items · join code ${copy.joinCode}`).waitFor();
      await p.getByRole("link", { name: "Items", exact: true }).click();
      const table = p.getByTestId("items-table");
      await table.getByText(`${quizSlug}-2`).waitFor();
      await table.getByText(`${codeSlug}-2`).waitFor();
      await p.getByRole("button", { name: `Show ${codeSlug}-2` }).waitFor(); // still hidden, as in the source
      await p.screenshot({ path: shot(`reuse-copy-items-${viewport.name}`), fullPage: true });

      await p.goto(`/instructor/courses/${copy.id}/assignments`);
      await p.getByRole("heading", { name: `Assignments · ${course.title} term 2` }).waitFor();
      await p.getByText(`Week 1 ${run}`).first().waitFor();
      await p.screenshot({ path: shot(`reuse-copy-assignments-${viewport.name}`), fullPage: true });
      const assignment = await db().assignment.findFirstOrThrow({ where: { courseId: copy.id }, include: { items: { include: { exercise: { select: { slug: true } } } } } });
      expect([assignment.releaseAt, assignment.dueAt]).toEqual([new Date("2026-09-08T00:00:00Z"), new Date("2026-09-14T14:59:00Z")]);
      expect(assignment.items.map((i) => i.exercise.slug).sort()).toEqual([`${quizSlug}-2`, `${codeSlug}-2`].sort());
      await p.context().close();
    }, 120_000);

    it("exports an item from one course and imports it into another as a copy, leaving the original alone", async () => {
      const original = () => db().exercise.findUniqueOrThrow({ where: { id: ids.quiz }, select: { key: true, slug: true, courseId: true, currentVersionId: true, updatedAt: true } });
      const before = await original();
      const p = await signedIn();
      await p.goto(`/instructor/courses/${course.id}/items`);
      const row = p.getByTestId("items-table").getByRole("row").filter({ hasText: quizSlug });
      const [download] = await Promise.all([p.waitForEvent("download"), row.getByRole("link", { name: "Export .tar.gz" }).click()]);
      expect(download.suggestedFilename()).toBe(`${quizSlug}.tar.gz`);
      const file = await download.path();

      await p.goto(`/instructor/courses/${second.id}/items`);
      await p.getByLabel(/Package archive/).setInputFiles(file);
      await p.getByRole("button", { name: "Import", exact: true }).click();
      const refusal = p.getByTestId("import-refusal");
      await refusal.getByRole("alert").filter({ hasText: `exercise.json id "e2e-${quizSlug}" belongs to an item of another course.` }).waitFor();
      await refusal.getByText("the other course's item is not changed").waitFor();
      await fits(refusal.getByRole("button", { name: "Import as a copy" }));
      await p.screenshot({ path: shot(`reuse-import-refused-${viewport.name}`), fullPage: true });
      await refusal.getByRole("button", { name: "Import as a copy" }).click();

      await p.getByRole("status").filter({ hasText: `as a copy of e2e-${quizSlug}` }).waitFor();
      const slug = await p.getByLabel("Slug (folder name)").inputValue();
      expect(slug).toMatch(new RegExp(`^${quizSlug}-\\d+$`));
      expect(await p.getByTestId("item-id").inputValue()).toBe(`authored-${slug}`);
      await p.getByRole("button", { name: "Validate" }).click();
      await p.getByTestId("validation").getByRole("heading", { name: "Validation passed" }).waitFor({ timeout: 90_000 });
      await p.screenshot({ path: shot(`reuse-import-as-copy-${viewport.name}`), fullPage: true });
      await p.getByRole("button", { name: "Publish" }).click();
      await p.waitForURL((u) => u.pathname.startsWith(`/instructor/courses/${second.id}/items/`) && !u.pathname.endsWith("/items/"), { timeout: 60_000 });

      const copy = await db().exercise.findUniqueOrThrow({ where: { slug }, select: { courseId: true, key: true } });
      expect(copy).toEqual({ courseId: second.id, key: `authored-${slug}` });
      expect(await original()).toEqual(before);
      expect(await db().exerciseVersion.count({ where: { exerciseId: ids.quiz } })).toBe(1);
      await p.context().close();
    }, 240_000);

    it("authors an item: its id follows the slug typed, not the template's", async () => {
      const p = await signedIn();
      await p.goto(`/instructor/courses/${second.id}/items`);
      await p.getByRole("link", { name: "New quiz item" }).click();
      await p.getByTestId("authoring-editor").waitFor();
      const templateSlug = await p.getByLabel("Slug (folder name)").inputValue();
      expect(await p.getByTestId("item-id").inputValue()).toBe(`authored-${templateSlug}`);
      const typed = `typed-${run}`;
      await p.getByLabel("Slug (folder name)").fill(typed);
      await expect.poll(() => p.getByTestId("item-id").inputValue()).toBe(`authored-${typed}`);
      await fits(p.getByTestId("item-id"));
      await p.screenshot({ path: shot(`reuse-typed-slug-${viewport.name}`), fullPage: true });
      await p.getByRole("button", { name: "Validate" }).click();
      await p.getByTestId("validation").getByRole("heading", { name: "Validation passed" }).waitFor({ timeout: 90_000 });
      await p.getByRole("button", { name: "Publish" }).click();
      await p.waitForURL((u) => u.pathname.startsWith(`/instructor/courses/${second.id}/items/`) && !u.pathname.endsWith("/new"), { timeout: 60_000 });
      expect(await db().exercise.findUniqueOrThrow({ where: { slug: typed }, select: { key: true, courseId: true } })).toEqual({ key: `authored-${typed}`, courseId: second.id });
      expect(await db().exercise.count({ where: { key: `authored-${templateSlug}`, courseId: second.id } })).toBe(0);
      await p.context().close();
    }, 240_000);
  });
}
