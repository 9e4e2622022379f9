import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db, disconnectDb } from "@/lib/data/db";
import { hashToken } from "@/lib/data/one-time-tokens";
import { hashPassword } from "@/lib/data/passwords";
import { baseURL, launchBrowser, signIn } from "./browser";

// Accounts in the interface (issue 21, decisions 120-121), in Chromium against the served app with
// the nonce CSP enforced, at desktop size and on a 390 px phone: a site administrator makes an
// instructor by invitation (a newcomer signs up through the link), a course's owner invites a
// co-instructor who signs in through the link and joins, an instructor issues a password reset
// link for a student who sets a new password (their other session ends), signs in and gives their
// name on the account page, and a used
// or expired link is refused with a sentence saying so. The accounts and the course are fixtures
// in the server's database; everything else goes through the pages. Screenshots: tests/e2e/artifacts.

const ARTIFACTS = path.join(import.meta.dirname, "artifacts");
const shot = (name: string): string => path.join(ARTIFACTS, inject("topology") === "embedded" ? `${name}.png` : `${name}-${inject("topology")}.png`);
const PASSWORD = "accounts-e2e-password";

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
  describe(`accounts in the interface (${viewport.name}, ${viewport.width} px)`, () => {
    const run = `${viewport.name}-${randomUUID().slice(0, 6)}`;
    const emails = {
      admin: `admin-${run}@example.com`,
      owner: `owner-${run}@example.com`,
      newcomer: `newcomer-${run}@example.com`,
      colleague: `colleague-${run}@example.com`,
      student: `student-${run}@example.com`,
    };
    const courseTitle = `Backprop ${run}`;
    let courseId = "";

    /** A page in its own context (own cookies), at this block's size, with CSP violations collected. */
    async function page(): Promise<Page> {
      const context = await browser.newContext({ baseURL: baseURL(), viewport: { width: viewport.width, height: viewport.height } });
      context.setDefaultTimeout(20_000);
      const p = await context.newPage();
      p.on("console", (m) => {
        if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
      });
      return p;
    }

    async function signedIn(email: string, password = PASSWORD): Promise<Page> {
      const p = await page();
      await signIn(p, email, password);
      await p.waitForURL((u) => !u.pathname.startsWith("/signin"));
      return p;
    }

    /** The one-time link the page shows, and a check that it fits the screen. */
    async function shownLink(p: Page): Promise<string> {
      const field = p.locator("input[data-one-time-link]");
      await field.waitFor();
      await expect.poll(() => field.inputValue()).toMatch(/^http/);
      const box = await field.boundingBox();
      expect(box && box.x + box.width).toBeLessThanOrEqual(viewport.width);
      return field.inputValue();
    }

    beforeAll(async () => {
      const hash = await hashPassword(PASSWORD);
      const admin = await db().user.create({ data: { email: emails.admin, name: "Ada Admin", role: "instructor", passwordHash: hash }, select: { id: true } });
      await db().siteAdmin.create({ data: { userId: admin.id } });
      const owner = await db().user.create({ data: { email: emails.owner, name: "Olga Owner", role: "instructor", passwordHash: hash }, select: { id: true } });
      await db().user.create({ data: { email: emails.colleague, name: "Carl Colleague", role: "student", passwordHash: hash } });
      const student = await db().user.create({ data: { email: emails.student, name: "Sam Student", role: "student", passwordHash: hash }, select: { id: true } });
      courseId = (await db().course.create({ data: { slug: `accounts-${run}`, title: courseTitle, joinCode: `ACC${randomUUID().slice(0, 8).toUpperCase()}`, ownerId: owner.id }, select: { id: true } })).id;
      await db().enrollment.create({ data: { userId: student.id, courseId } });
    });

    it("an administrator makes an instructor: the link is shown once, a newcomer signs up through it and accepts", async () => {
      const admin = await signedIn(emails.admin);
      await admin.goto("/instructor");
      await admin.getByRole("link", { name: "Accounts (administrators)" }).click();
      await admin.getByRole("heading", { name: "Make an instructor" }).waitFor();
      await admin.getByLabel("Who is it for? (optional)").fill("Nina Newcomer");
      await admin.getByRole("button", { name: "Create an invitation link" }).click();
      const link = await shownLink(admin);
      await admin.getByText("it is shown only once").waitFor();
      await admin.screenshot({ path: shot(`accounts-admin-invites-instructor-${viewport.name}`), fullPage: true });
      // Only the hash is stored.
      const token = link.split("/").pop() ?? "";
      expect(await db().invitation.count({ where: { tokenHash: hashToken(token) } })).toBe(1);
      expect(await db().invitation.count({ where: { tokenHash: token } })).toBe(0);

      const newcomer = await page();
      await newcomer.goto(link);
      await newcomer.getByText("invites you to become an instructor on Chainrule").waitFor();
      await newcomer.getByRole("link", { name: "Create an account" }).click();
      await newcomer.getByLabel("Email").fill(emails.newcomer);
      await newcomer.getByLabel("Name (optional)").fill("Nina Newcomer");
      await newcomer.getByLabel("Password").fill(PASSWORD);
      await newcomer.getByRole("button", { name: "Create account" }).click();
      // Signed up and back on the invitation, which waits for a deliberate click.
      await newcomer.waitForURL((u) => u.pathname.startsWith("/invite/"));
      await newcomer.getByText("You are signed in as").filter({ hasText: emails.newcomer }).waitFor();
      await newcomer.screenshot({ path: shot(`accounts-invitation-accept-${viewport.name}`), fullPage: true });
      await newcomer.getByRole("button", { name: "Accept the invitation" }).click();
      await newcomer.waitForURL((u) => u.pathname === "/instructor");
      await newcomer.getByRole("heading", { name: "Instructor", exact: true }).waitFor();
      expect((await db().user.findUniqueOrThrow({ where: { email: emails.newcomer }, select: { role: true } })).role).toBe("instructor");

      // The administrator's list shows it accepted; the link now refuses with a clear sentence.
      await admin.reload();
      await admin.getByRole("table", { name: "Recent invitations" }).getByText(`Accepted · by ${emails.newcomer}`).waitFor();
      await newcomer.goto(link);
      await newcomer.getByRole("alert").filter({ hasText: "This invitation has already been used." }).waitFor();
      await newcomer.context().close();
      await admin.context().close();
    });

    it("a course's owner invites a co-instructor, who signs in through the link and joins the course", async () => {
      const owner = await signedIn(emails.owner);
      await owner.goto("/instructor");
      await owner.getByRole("link", { name: "People" }).click();
      await owner.getByRole("heading", { name: `People · ${courseTitle}` }).waitFor();
      await owner.getByLabel("Who is it for? (optional)").fill("Carl");
      await owner.getByRole("button", { name: "Create an invitation link" }).click();
      const link = await shownLink(owner);
      await owner.screenshot({ path: shot(`accounts-owner-invites-co-instructor-${viewport.name}`), fullPage: true });

      const colleague = await page();
      await colleague.goto(link);
      await colleague.getByText(`invites you to co-teach the course ${courseTitle}`).waitFor();
      await colleague.getByRole("link", { name: "Sign in to accept" }).click();
      await colleague.waitForURL((u) => u.pathname === "/signin");
      await colleague.getByLabel("Email").fill(emails.colleague);
      await colleague.getByLabel("Password").fill(PASSWORD);
      await colleague.getByRole("button", { name: "Sign in" }).click();
      await colleague.waitForURL((u) => u.pathname.startsWith("/invite/"));
      await colleague.getByRole("button", { name: "Accept the invitation" }).click();
      await colleague.waitForURL((u) => u.pathname === "/instructor");
      await colleague.getByRole("heading", { name: courseTitle }).waitFor();
      await colleague.screenshot({ path: shot(`accounts-co-instructor-joined-${viewport.name}`), fullPage: true });

      // The owner sees the new co-instructor; a revoked invitation refuses with its own sentence.
      await owner.reload();
      await owner.getByText(`Co-instructor: Carl Colleague · ${emails.colleague}`).waitFor();
      await owner.getByLabel("Who is it for? (optional)").fill("Nobody after all");
      await owner.getByRole("button", { name: "Create an invitation link" }).click();
      const withdrawn = await shownLink(owner);
      await owner.reload();
      await owner.getByRole("button", { name: "Revoke the invitation for Nobody after all" }).click();
      await owner.getByRole("table", { name: "Recent invitations" }).getByText("Revoked").waitFor();
      await colleague.goto(withdrawn);
      await colleague.getByRole("alert").filter({ hasText: "This invitation was withdrawn" }).waitFor();
      await colleague.context().close();
      await owner.context().close();
    });

    it("an instructor issues a reset link for a student, who sets a new password (ending their other session) and signs in; a used or expired link is refused", async () => {
      const studentElsewhere = await signedIn(emails.student);
      const owner = await signedIn(emails.owner);
      await owner.goto(`/instructor/courses/${courseId}/people`);
      await owner.getByRole("button", { name: `Create a password reset link for ${emails.student}` }).click();
      const link = await shownLink(owner);
      await owner.getByText(`Password reset link for ${emails.student}`).waitFor();
      await owner.screenshot({ path: shot(`accounts-reset-link-issued-${viewport.name}`), fullPage: true });

      const student = await page();
      await student.goto("/signin");
      await student.getByRole("link", { name: "Forgot your password?" }).click();
      // No mail server here: the page says whom to ask.
      await student.getByText("Students: ask your instructor.").waitFor();
      await student.screenshot({ path: shot(`accounts-forgot-password-${viewport.name}`), fullPage: true });
      await student.goto(link);
      await student.getByRole("heading", { name: "Choose a new password" }).waitFor();
      await student.getByRole("strong").filter({ hasText: emails.student }).waitFor();
      await student.getByLabel("New password").fill("short");
      await student.getByRole("button", { name: "Set the new password" }).click();
      await student.getByText("Password must be at least 8 characters").waitFor();
      await student.getByLabel("New password").fill("a-brand-new-password");
      await student.getByRole("button", { name: "Set the new password" }).click();
      await student.getByText("Your new password is set").waitFor();
      await student.screenshot({ path: shot(`accounts-reset-done-${viewport.name}`), fullPage: true });
      await student.getByRole("link", { name: "Sign in" }).last().click();
      await signIn(student, emails.student, "a-brand-new-password");
      await student.waitForURL((u) => !u.pathname.startsWith("/signin"));
      await student.getByTestId("user-email").filter({ hasText: emails.student }).waitFor({ state: "attached" });

      // The session the student had elsewhere ended with the reset.
      await studentElsewhere.goto("/account");
      await studentElsewhere.waitForURL((u) => u.pathname === "/signin");

      // The same link again: refused, saying why and what to do.
      await student.goto(link);
      await student.getByRole("alert").filter({ hasText: "This reset link has already been used." }).waitFor();
      await student.getByText("Students: ask your instructor for a new link.").waitFor();
      await student.screenshot({ path: shot(`accounts-reset-link-used-${viewport.name}`), fullPage: true });

      // An expired one (an hour has passed, as far as the database knows).
      await owner.reload();
      await owner.getByRole("button", { name: `Create a password reset link for ${emails.student}` }).click();
      const late = await shownLink(owner);
      await db().passwordReset.update({ where: { tokenHash: hashToken(late.split("/").pop() ?? "") }, data: { expiresAt: new Date(Date.now() - 60_000) } });
      await student.goto(late);
      await student.getByRole("alert").filter({ hasText: "This reset link has expired" }).waitFor();
      expect(await student.getByLabel("New password").count()).toBe(0);

      // Signed in again, the student gives their name on the account page; the instructor sees it.
      await student.goto("/account");
      await student.getByLabel("Your name").fill("Samantha S.");
      await student.getByRole("button", { name: "Save name" }).click();
      await student.getByRole("status").filter({ hasText: "Your name is saved." }).waitFor();
      await student.screenshot({ path: shot(`accounts-account-page-${viewport.name}`), fullPage: true });
      await owner.goto(`/instructor/courses/${courseId}/people`);
      await owner.getByText(`Samantha S. · ${emails.student}`).waitFor();
      await student.context().close();
      await owner.context().close();
      await studentElsewhere.context().close();
    });
  });
}

describe("in Korean", () => {
  it("a Korean browser reads /forgot-password, a refused reset link and a refused invitation in Korean", async () => {
    const context = await browser.newContext({ baseURL: baseURL(), locale: "ko-KR", viewport: { width: 390, height: 844 } });
    const p = await context.newPage();
    await p.goto("/forgot-password");
    await p.getByRole("heading", { name: "비밀번호를 잊으셨습니까?" }).waitFor();
    await p.getByText("학생: 강사에게 요청하세요.").waitFor();
    await p.goto(`/reset-password/${"A".repeat(32)}`);
    await p.getByRole("alert").filter({ hasText: "올바르지 않은 재설정 링크입니다." }).waitFor();
    await p.goto(`/invite/${"B".repeat(32)}`);
    await p.getByRole("alert").filter({ hasText: "올바르지 않은 초대 링크 또는 코드입니다." }).waitFor();
    await p.screenshot({ path: shot("accounts-invitation-refused-ko-phone"), fullPage: true });
    await context.close();
  });
});

describe("the walk", () => {
  it("ran under the enforced CSP without a violation", () => {
    expect(violations).toEqual([]);
  });
});
