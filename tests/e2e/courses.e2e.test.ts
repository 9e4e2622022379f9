import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db, disconnectDb } from "@/lib/data/db";
import { hashPassword } from "@/lib/data/passwords";
import { baseURL, launchBrowser, signIn } from "./browser";

// Courses in the interface (issue 21 item 4, decision 122), in Chromium against the served app with
// the nonce CSP enforced, at desktop size and on a 390 px phone, as a newcomer instructor: their
// home shows what they manage and no "My progress"; the create form derives the slug (Korean too),
// keeps everything typed after a taken slug and names the field; the settings page gives the join
// link and code with copy buttons; a newcomer student signs up through the link and lands in the
// course; a regenerated code stops the old link with a sentence; the course is edited, archived
// (the student is told, it moves to "Archived") and restored. The two accounts, another
// instructor's course (whose slug is taken) and a second student are fixtures in the server's
// database; everything else goes through the pages. Screenshots: tests/e2e/artifacts.

const ARTIFACTS = path.join(import.meta.dirname, "artifacts");
const shot = (name: string): string => path.join(ARTIFACTS, inject("topology") === "embedded" ? `${name}.png` : `${name}-${inject("topology")}.png`);
const PASSWORD = "courses-e2e-password";

let browser: Browser;
const violations: string[] = [];

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

for (const viewport of VIEWPORTS) {
  describe(`courses as a newcomer instructor and a student (${viewport.name}, ${viewport.width} px)`, () => {
    const run = `${viewport.name.slice(0, 1)}${randomUUID().slice(0, 6)}`;
    const emails = {
      instructor: `teacher-${run}@example.com`,
      other: `other-${run}@example.com`,
      student: `newstudent-${run}@example.com`,
      late: `late-${run}@example.com`,
    };
    const title = `Backprop Fall ${run}`;
    const slug = `backprop-fall-${run}`;
    const takenSlug = `taken-${run}`;
    let courseId = "";
    let joinLink = "";

    /** A page in its own context (own cookies, clipboard allowed), at this block's size, with CSP violations collected. */
    async function page(): Promise<Page> {
      const context = await browser.newContext({ baseURL: baseURL(), viewport: { width: viewport.width, height: viewport.height } });
      await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL() });
      context.setDefaultTimeout(20_000);
      const p = await context.newPage();
      p.on("console", (m) => {
        if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
      });
      return p;
    }

    async function signedIn(email: string): Promise<Page> {
      const p = await page();
      await signIn(p, email, PASSWORD);
      await p.waitForURL((u) => !u.pathname.startsWith("/signin"));
      return p;
    }

    /** Nothing of the page's content sticks out sideways (the 390 px phone; the header is item 8's). */
    async function fitsWidth(p: Page): Promise<void> {
      expect(await p.evaluate(() => document.querySelector("main")?.scrollWidth ?? Infinity)).toBeLessThanOrEqual(viewport.width);
    }

    const clipboard = (p: Page) => p.evaluate(() => navigator.clipboard.readText());

    beforeAll(async () => {
      const hash = await hashPassword(PASSWORD);
      await db().user.create({ data: { email: emails.instructor, name: "Nora Newteacher", role: "instructor", passwordHash: hash } });
      const other = await db().user.create({ data: { email: emails.other, role: "instructor", passwordHash: hash }, select: { id: true } });
      await db().user.create({ data: { email: emails.late, name: "Leo Late", role: "student", passwordHash: hash } });
      await db().course.create({ data: { slug: takenSlug, title: "Someone else's course", joinCode: `TK${randomUUID().slice(0, 8).toUpperCase()}`, ownerId: other.id } });
    });

    it("the instructor's home shows the courses they manage and no 'My progress'", async () => {
      const teacher = await signedIn(emails.instructor);
      await teacher.goto("/");
      await teacher.getByRole("heading", { name: "Your courses" }).waitFor();
      await teacher.getByText("You do not manage a course yet.").waitFor();
      const nav = teacher.getByRole("navigation", { name: "Main" });
      await nav.getByRole("link", { name: "Instructor" }).waitFor();
      expect(await nav.getByRole("link", { name: "My progress" }).count()).toBe(0);
      await fitsWidth(teacher);
      await teacher.screenshot({ path: shot(`courses-instructor-home-empty-${viewport.name}`), fullPage: true });
      await teacher.context().close();
    });

    it("the create form derives the slug (Korean too), keeps what was typed after a taken slug and names the field", async () => {
      const teacher = await signedIn(emails.instructor);
      await teacher.getByRole("link", { name: "Create a course" }).click();
      await teacher.waitForURL((u) => u.pathname === "/instructor");
      const form = teacher.getByRole("form", { name: "Create a course" });
      const titleField = form.getByLabel("Title");
      const slugField = form.getByLabel("Slug");
      await titleField.fill("딥러닝 기초");
      await expect.poll(() => slugField.inputValue()).toBe("dipreoning-gicho");
      await titleField.fill("深層学習");
      await expect.poll(() => slugField.inputValue()).toBe("");
      await form.getByText("This title has no letters a web address can use.").waitFor();
      await teacher.screenshot({ path: shot(`courses-create-slug-hint-${viewport.name}`), fullPage: true });
      await titleField.fill(title);
      await expect.poll(() => slugField.inputValue()).toBe(slug);

      // The author's own slug is kept from then on; one already taken is refused next to the field.
      await slugField.fill(takenSlug);
      await titleField.fill(`${title}!`);
      expect(await slugField.inputValue()).toBe(takenSlug);
      await titleField.fill(title);
      await form.getByLabel("Description").fill("Layers, graphs and gradients");
      await form.getByRole("button", { name: "Create course" }).click();
      await form.locator("#course-slug-error").filter({ hasText: "A course with this slug already exists" }).waitFor();
      expect(await slugField.getAttribute("aria-invalid")).toBe("true");
      expect(await titleField.inputValue()).toBe(title);
      expect(await slugField.inputValue()).toBe(takenSlug);
      expect(await form.getByLabel("Description").inputValue()).toBe("Layers, graphs and gradients");
      await form.getByRole("alert").filter({ hasText: "Nothing you typed was lost." }).waitFor();
      await fitsWidth(teacher);
      await teacher.screenshot({ path: shot(`courses-create-slug-taken-${viewport.name}`), fullPage: true });

      await slugField.fill(slug);
      await form.getByRole("button", { name: "Create course" }).click();
      await form.getByTestId("new-join-code").waitFor();
      const created = await db().course.findUniqueOrThrow({ where: { slug }, select: { id: true, title: true, description: true } });
      expect(created).toMatchObject({ title, description: "Layers, graphs and gradients" });
      courseId = created.id;
      await teacher.getByRole("link", { name: "Share the join link →" }).click();
      await teacher.waitForURL((u) => u.pathname === `/instructor/courses/${courseId}/settings`);
      await teacher.context().close();
    });

    it("the settings page gives the join link and the code, each with a copy button", async () => {
      const teacher = await signedIn(emails.instructor);
      // From the home page: the managed course's card links to its settings.
      await teacher.goto("/");
      await teacher.getByTestId(`managed-${slug}`).getByRole("link", { name: "Settings and join link" }).click();
      await teacher.getByRole("heading", { name: `Settings · ${title}` }).waitFor();
      const code = (await db().course.findUniqueOrThrow({ where: { id: courseId }, select: { joinCode: true } })).joinCode;
      const field = teacher.getByTestId("join-link");
      await expect.poll(() => field.inputValue()).toBe(`${baseURL()}/join/${code}`);
      joinLink = await field.inputValue();
      expect(await teacher.getByTestId("join-code").textContent()).toBe(code);
      await teacher.getByRole("button", { name: "Copy link" }).click();
      await teacher.getByRole("button", { name: "Copied" }).waitFor();
      expect(await clipboard(teacher)).toBe(joinLink);
      await teacher.getByRole("button", { name: "Copy code" }).click();
      await expect.poll(() => clipboard(teacher)).toBe(code);
      await fitsWidth(teacher);
      await teacher.screenshot({ path: shot(`courses-settings-join-link-${viewport.name}`), fullPage: true });
      await teacher.context().close();
    });

    it("a newcomer student opens the link signed out, signs up and lands in the course", async () => {
      const student = await page();
      await student.goto(joinLink);
      await student.getByRole("heading", { name: "Join a course" }).waitFor();
      await student.screenshot({ path: shot(`courses-join-link-signed-out-${viewport.name}`), fullPage: true });
      await student.getByRole("link", { name: "Create an account" }).click();
      await student.waitForURL((u) => u.pathname === "/signup");
      await student.getByLabel("Email").fill(emails.student);
      await student.getByLabel("Name (optional)").fill("Sara Student");
      await student.getByLabel("Password").fill(PASSWORD);
      await student.getByRole("button", { name: "Create account" }).click();
      await student.waitForURL((u) => u.pathname === `/courses/${slug}`);
      await student.getByRole("heading", { name: title, exact: true }).waitFor();
      const user = await db().user.findUniqueOrThrow({ where: { email: emails.student }, select: { id: true } });
      expect(await db().enrollment.count({ where: { userId: user.id, courseId } })).toBe(1);
      await fitsWidth(student);
      await student.screenshot({ path: shot(`courses-joined-by-link-${viewport.name}`), fullPage: true });
      await student.context().close();
    });

    it("a signed-in student who signed in through the link's page joins too", async () => {
      const late = await page();
      await late.goto(joinLink);
      await late.getByRole("link", { name: "Sign in" }).last().click();
      await late.waitForURL((u) => u.pathname === "/signin");
      await late.getByLabel("Email").fill(emails.late);
      await late.getByLabel("Password").fill(PASSWORD);
      await late.getByRole("button", { name: "Sign in" }).click();
      await late.waitForURL((u) => u.pathname === `/courses/${slug}`);
      await late.getByRole("heading", { name: title, exact: true }).waitFor();
      await late.context().close();
    });

    it("regenerating the code (confirmed first) stops the old code and link with a sentence saying so", async () => {
      const teacher = await signedIn(emails.instructor);
      await teacher.goto(`/instructor/courses/${courseId}/settings`);
      const old = (await teacher.getByTestId("join-code").textContent()) ?? "";
      await teacher.getByRole("button", { name: "Regenerate the code…" }).click();
      await teacher.getByText(`The code ${old} and every link made from it stop working at once.`).waitFor();
      await teacher.screenshot({ path: shot(`courses-regenerate-confirm-${viewport.name}`), fullPage: true });
      await teacher.getByRole("button", { name: "Yes, make a new code" }).click();
      await teacher.getByRole("status").filter({ hasText: "New join code made" }).waitFor();
      await expect.poll(async () => teacher.getByTestId("join-code").textContent()).not.toBe(old);
      const fresh = (await teacher.getByTestId("join-code").textContent()) ?? "";
      expect(await db().course.findUniqueOrThrow({ where: { id: courseId }, select: { joinCode: true } })).toEqual({ joinCode: fresh });
      await expect.poll(() => teacher.getByTestId("join-link").inputValue()).toBe(`${baseURL()}/join/${fresh}`);

      // The old link, opened by a signed-in student not in the course: refused, with the code form.
      const stranger = await page();
      await stranger.goto("/signup");
      await stranger.getByLabel("Email").fill(`stranger-${run}@example.com`);
      await stranger.getByLabel("Password").fill(PASSWORD);
      await stranger.getByRole("button", { name: "Create account" }).click();
      await stranger.getByRole("heading", { name: "Your courses" }).waitFor();
      await stranger.goto(joinLink);
      await stranger.getByTestId("join-refused").filter({ hasText: "This join link does not work: the instructor may have replaced its code." }).waitFor();
      await stranger.getByLabel("Join code").waitFor();
      await fitsWidth(stranger);
      await stranger.screenshot({ path: shot(`courses-old-link-refused-${viewport.name}`), fullPage: true });
      // The old code typed in the form is refused too; the new link joins.
      await stranger.getByLabel("Join code").fill(old);
      await stranger.getByRole("button", { name: "Join" }).click();
      await stranger.getByText("No course has that join code.").waitFor();
      await stranger.goto(`/join/${fresh}`);
      await stranger.waitForURL((u) => u.pathname === `/courses/${slug}`);
      joinLink = `${baseURL()}/join/${fresh}`;
      await stranger.context().close();
      await teacher.context().close();
    });

    it("the instructor edits the course, archives it (confirmed first) and restores it; the student is told and finds it under Archived", async () => {
      const teacher = await signedIn(emails.instructor);
      await teacher.goto(`/instructor/courses/${courseId}/settings`);
      const edit = teacher.getByRole("form", { name: "Edit the course" });
      expect(await edit.getByLabel("Slug").inputValue()).toBe(slug);
      await edit.getByLabel("Title").fill("ab");
      await edit.getByRole("button", { name: "Save changes" }).click();
      await edit.getByText("Title must be at least 3 characters").waitFor();
      expect(await edit.getByLabel("Title").inputValue()).toBe("ab");
      await edit.getByLabel("Title").fill(`${title} (edited)`);
      await edit.getByLabel("Description").fill("Now with graphs");
      await edit.getByRole("button", { name: "Save changes" }).click();
      await edit.getByRole("status").filter({ hasText: "Saved." }).waitFor();
      await teacher.getByRole("heading", { name: `Settings · ${title} (edited)` }).waitFor();
      expect(await db().course.findUniqueOrThrow({ where: { id: courseId }, select: { title: true, description: true, slug: true } })).toEqual({ title: `${title} (edited)`, description: "Now with graphs", slug });

      await teacher.getByRole("button", { name: "Archive the course…" }).click();
      await teacher.getByText("Archive this course? Students can no longer join or submit until it is restored.").waitFor();
      await teacher.getByRole("button", { name: "Yes, archive it" }).click();
      await teacher.getByTestId("archived-banner").waitFor();
      expect((await db().course.findUniqueOrThrow({ where: { id: courseId }, select: { archivedAt: true } })).archivedAt).not.toBeNull();
      await fitsWidth(teacher);
      await teacher.screenshot({ path: shot(`courses-archived-settings-${viewport.name}`), fullPage: true });

      // The student: told on the course page, the course listed under "Archived"; nobody new joins.
      const student = await signedIn(emails.student);
      await student.goto(`/courses/${slug}`);
      await student.getByTestId("course-archived").filter({ hasText: "This course is archived: you can read its items and your results, but it no longer takes submissions." }).waitFor();
      await student.goto("/");
      await student.getByRole("heading", { name: "Archived" }).waitFor();
      await student.getByRole("list", { name: "Archived" }).getByText(`${title} (edited)`).waitFor();
      expect(await student.getByRole("list", { name: "Your courses" }).getByText(`${title} (edited)`).count()).toBe(0);
      await fitsWidth(student);
      await student.screenshot({ path: shot(`courses-archived-student-home-${viewport.name}`), fullPage: true });
      const newcomer = await page();
      await newcomer.goto("/signup");
      await newcomer.getByLabel("Email").fill(`after-${run}@example.com`);
      await newcomer.getByLabel("Password").fill(PASSWORD);
      await newcomer.getByRole("button", { name: "Create account" }).click();
      await newcomer.getByRole("heading", { name: "Your courses" }).waitFor();
      await newcomer.goto(joinLink);
      await newcomer.getByTestId("join-refused").filter({ hasText: "This course is archived and no longer takes new students." }).waitFor();
      await newcomer.context().close();

      // The instructor's list: out of the working list, under "Archived" with Restore.
      await teacher.goto("/instructor");
      const archived = teacher.getByTestId(`archived-${slug}`);
      await archived.waitFor();
      expect(await teacher.getByRole("region", { name: `${title} (edited)` }).count()).toBe(0);
      await teacher.screenshot({ path: shot(`courses-archived-instructor-list-${viewport.name}`), fullPage: true });
      await archived.getByRole("button", { name: `Restore ${title} (edited)` }).click();
      await teacher.getByRole("region", { name: `${title} (edited)` }).waitFor();
      expect((await db().course.findUniqueOrThrow({ where: { id: courseId }, select: { archivedAt: true } })).archivedAt).toBeNull();
      await student.goto(`/courses/${slug}`);
      await student.getByRole("heading", { name: `${title} (edited)`, exact: true }).waitFor();
      expect(await student.getByTestId("course-archived").count()).toBe(0);

      // The instructor's home now lists the managed course with its instructor pages.
      await teacher.goto("/");
      const card = teacher.getByTestId(`managed-${slug}`);
      await card.getByRole("link", { name: "Grades" }).waitFor();
      await card.getByRole("link", { name: "Items" }).waitFor();
      expect(await teacher.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My progress" }).count()).toBe(0);
      await fitsWidth(teacher);
      await teacher.screenshot({ path: shot(`courses-instructor-home-${viewport.name}`), fullPage: true });
      await student.context().close();
      await teacher.context().close();
    });
  });
}

describe("the walk", () => {
  it("ran under the enforced CSP without a violation", () => {
    expect(violations).toEqual([]);
  });
});
