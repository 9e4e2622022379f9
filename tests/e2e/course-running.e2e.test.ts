import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { dateTimeLocalValue, dayInZone, parseZonedTime } from "@/lib/assignments/time-zone";
import { formatTime } from "@/lib/i18n/format";
import { db, disconnectDb } from "@/lib/data/db";
import { DEMO_COURSE, DEMO_PASSWORD } from "@/lib/data/demo-seed";
import { hashPassword } from "@/lib/data/passwords";
import { baseURL, launchBrowser, pasteIntoMonaco, signIn } from "./browser";

// Running a course, in Chromium against `next start` with the nonce CSP enforced: an instructor
// creates an assignment with a late policy (dry run, then create), grants an extension by CSV
// (a bad file refused line by line first), runs an exam with hidden results and releases them, and
// reads the dashboard's charts (with their tables and CSV). Students see due dates in their own
// time zone, what late work earns, their credited score, and an exam's results only once released.
// The course and its items are fixtures written to the server's database; everything an
// instructor or a student does goes through the pages. Screenshots: tests/e2e/artifacts.

const ARTIFACTS = path.join(import.meta.dirname, "artifacts");
/** A screenshot's file: this file runs in both e2e projects, whose pictures are kept apart. */
const shot = (name: string): string => path.join(ARTIFACTS, inject("topology") === "embedded" ? `${name}.png` : `${name}-${inject("topology")}.png`);
const RUN = randomUUID().slice(0, 6);
const TZ = "Europe/Berlin";
const STUDENT_TZ = "America/New_York";
const PASSWORD = "course-running-password";
const SOLUTION = fs.readFileSync("exercises/mul-layer/solution.ts", "utf8");
const DAY = 86_400_000;

let browser: Browser;
let teacher: Page;
let ada: Page;
let bob: Page;
const violations: string[] = [];
let courseId = "";
const slug = `running-${RUN}`;
const homework = { slug: `homework-${RUN}`, id: "" };
const examItem = { slug: `exam-item-${RUN}`, id: "" };
const emails = { ada: `ada-${RUN}@example.com`, bob: `bob-${RUN}@example.com` };

/** A page in its own context (cookies, time zone), with CSP violations collected. */
async function page(timezoneId?: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseURL(), ...(timezoneId ? { timezoneId } : {}) });
  context.setDefaultTimeout(20_000);
  const p = await context.newPage();
  await p.setViewportSize({ width: 1400, height: 900 });
  p.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  return p;
}

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  // Fixtures in the server's database: a course of the demo instructor with two copies of
  // mul-layer and two enrolled students.
  const demo = await db().course.findUniqueOrThrow({ where: { slug: DEMO_COURSE.slug }, select: { ownerId: true } });
  const source = await db().exercise.findUniqueOrThrow({ where: { slug: "mul-layer" }, select: { currentVersion: { select: { meta: true, files: true } } } });
  const course = await db().course.create({ data: { slug, title: `Running ${RUN}`, joinCode: `RUN${RUN.toUpperCase()}`, ownerId: demo.ownerId, timeZone: TZ }, select: { id: true } });
  courseId = course.id;
  for (const [order, item] of [homework, examItem].entries()) {
    // The version's meta carries the title too (pages show it in the reader's language).
    const title = order === 0 ? "Homework: MulLayer" : "Exam: MulLayer";
    const meta = { ...(source.currentVersion?.meta as Record<string, unknown> | undefined), title };
    const created = await db().exercise.create({
      data: {
        key: `key-${item.slug}`,
        slug: item.slug,
        courseId,
        title,
        kind: "code",
        order: order + 1,
        source: "authored",
        versions: { create: { contentHash: `hash-${item.slug}`, meta, files: source.currentVersion?.files ?? {} } },
      },
      select: { id: true, versions: { select: { id: true } } },
    });
    await db().exercise.update({ where: { id: created.id }, data: { currentVersionId: created.versions[0]?.id ?? null } });
    item.id = created.id;
  }
  const hash = await hashPassword(PASSWORD);
  for (const email of Object.values(emails)) {
    const user = await db().user.create({ data: { email, name: email.split("@")[0], role: "student", passwordHash: hash }, select: { id: true } });
    await db().enrollment.create({ data: { userId: user.id, courseId } });
  }
  browser = await launchBrowser();
  teacher = await page();
  ada = await page(STUDENT_TZ);
  bob = await page();
  await signIn(teacher, "instructor@example.com", DEMO_PASSWORD);
  await teacher.waitForURL((u) => !u.pathname.startsWith("/signin"));
  await signIn(ada, emails.ada, PASSWORD);
  await ada.waitForURL((u) => !u.pathname.startsWith("/signin"));
  await signIn(bob, emails.bob, PASSWORD);
  await bob.waitForURL((u) => !u.pathname.startsWith("/signin"));
});

afterAll(async () => {
  await browser.close();
  await disconnectDb();
});

const now = Date.now();
// Due two hours ago (a wall-clock time in the course's zone): a submission now is late by one
// started day. (Reading "23:59" in the course's zone is tested in tests/data/course-running.test.ts.)
const dueWall = dateTimeLocalValue(now - 2 * 3_600_000, TZ);
const due = parseZonedTime(dueWall, TZ);
const extendedWall = `${dayInZone(now + DAY, TZ)} 23:59`;

async function submitSolution(p: Page, itemSlug: string): Promise<void> {
  await p.goto(`/courses/${slug}/${itemSlug}`);
  await pasteIntoMonaco(p, SOLUTION);
  await p.getByRole("button", { name: "Submit" }).click();
}

describe("an instructor runs a course", () => {
  it("creates an assignment with a late policy: the dry run shows what changes, then it is created", async () => {
    await teacher.goto(`/instructor/courses/${courseId}/assignments`);
    await teacher.getByRole("heading", { name: `Assignments · Running ${RUN}` }).waitFor();
    await teacher.getByText("No assignments yet.").waitFor();
    const form = teacher.getByRole("form", { name: "New assignment" });
    await form.getByLabel("Title").fill("Week 3: layers");
    await form.getByLabel(`Release (${TZ})`).fill(dateTimeLocalValue(now - 7 * DAY, TZ));
    await form.getByLabel(`Due (${TZ})`).fill(dateTimeLocalValue(now - 8 * DAY, TZ));
    await form.getByLabel("Homework: MulLayer").check();
    await form.getByLabel("Late work").selectOption("per-day");
    await form.getByLabel("Penalty per day (%)").fill("10");
    await form.getByLabel("Floor (%)").fill("50");
    // Due before release: refused, with the reason at the field.
    await form.getByRole("button", { name: "Preview changes" }).click();
    await form.getByText("The due time must be after the release time").waitFor();
    await form.getByLabel(`Due (${TZ})`).fill(dueWall);
    await form.getByRole("button", { name: "Preview changes" }).click();
    await form.getByRole("status").filter({ hasText: "Dry run (nothing changed yet)" }).waitFor();
    await teacher.screenshot({ path: shot("assignment-dry-run"), fullPage: true });
    await form.getByRole("button", { name: "Create assignment" }).click();
    await teacher.waitForURL((u) => /\/assignments\/[^/]+$/.test(u.pathname));
    await teacher.getByRole("heading", { name: "Week 3: layers" }).waitFor();
    expect(await teacher.getByText("late work loses 10 % per started day, never below 50 %").first().isVisible()).toBe(true);
    if (!due.ok) throw new Error(due.reason);
    const stored = await db().assignment.findFirstOrThrow({ where: { courseId }, select: { dueAt: true } });
    expect(stored.dueAt.toISOString()).toBe(due.instant.toISOString());
  });

  it("grants an extension by CSV: a bad file is refused line by line and nothing applied; a good one after its dry run", async () => {
    await teacher.getByText("Many extensions from a CSV file").click();
    const csv = teacher.getByTestId("extension-csv");
    const bad = ["email,assignment,due,minutes", `${emails.bob},Week 3: layers,${extendedWall},`, `nobody-${RUN}@example.com,Week 3: layers,,60`, `${emails.ada},Week 3: layers,31.12.2026 23:59,`, `${emails.bob},Week 3: layers,,30`].join("\n");
    await csv.getByLabel("CSV file").setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from(bad) });
    await csv.getByRole("button", { name: "Dry run" }).click();
    const problems = csv.getByTestId("csv-problems");
    await problems.waitFor();
    expect(await problems.innerText()).toContain(`Line 3: no account has the email nobody-${RUN}@example.com`);
    expect(await problems.innerText()).toContain('Line 4: "31.12.2026 23:59" is not a date and time');
    expect(await problems.innerText()).toContain("Line 5: duplicates line 2");
    expect(await csv.getByRole("button", { name: "Apply extensions" }).isDisabled()).toBe(true);
    expect(await db().extension.count({ where: { assignment: { courseId } } })).toBe(0);

    const good = ["email,assignment,due,minutes", `${emails.bob},Week 3: layers,${extendedWall},`].join("\n");
    await csv.getByLabel("CSV file").setInputFiles({ name: "good.csv", mimeType: "text/csv", buffer: Buffer.from(good) });
    await csv.getByRole("button", { name: "Dry run" }).click();
    await csv.getByTestId("csv-rows").getByRole("cell", { name: emails.bob }).waitFor();
    await teacher.screenshot({ path: shot("extension-csv-dry-run"), fullPage: true });
    await csv.getByRole("button", { name: "Apply extensions" }).click();
    await csv.getByRole("status").filter({ hasText: "Applied" }).waitFor();
    await teacher.reload();
    await teacher.getByTestId("extensions-table").getByRole("link", { name: emails.bob }).waitFor();
  });
});

describe("students see due dates and late credit", () => {
  it("a late student sees the due time in their own time zone and what a submission now earns, then their credited score", async () => {
    if (!due.ok) throw new Error(due.reason);
    await ada.goto(`/courses/${slug}`);
    const notice = ada.getByRole("region", { name: "Assignment: Week 3: layers" });
    // Ada's browser is in New York: the due time is shown there, with the zone's name.
    await notice.getByText(formatTime(due.instant, { zone: STUDENT_TZ, locale: "en" })).waitFor();
    expect(await notice.getByTestId("submit-now").innerText()).toBe("Late: a submission now earns 90 % of its score.");
    await submitSolution(ada, homework.slug);
    await ada.getByTestId("result-panel").getByText("Score: 100%").waitFor({ timeout: 30_000 });
    await ada.goto(`/courses/${slug}`);
    await ada.getByTestId(`item-${homework.slug}`).getByText("90% (raw 100%, late)").waitFor();
    await ada.screenshot({ path: shot("student-late-credit"), fullPage: true });
  });

  it("a student with an extension is on time, whatever their browser's clock says", async () => {
    // Bob's computer thinks it is five days later: the server's clock decides, not the browser's.
    await bob.clock.setSystemTime(new Date(now + 5 * DAY));
    expect(await bob.evaluate(() => Date.now())).toBeGreaterThan(now + 4 * DAY);
    await bob.goto(`/courses/${slug}`);
    const notice = bob.getByRole("region", { name: "Assignment: Week 3: layers" });
    await notice.getByText("(your extension; everyone else:").waitFor();
    expect(await notice.getByTestId("submit-now").innerText()).toBe("On time: a submission now earns its full score.");
    await submitSolution(bob, homework.slug);
    await bob.getByTestId("result-panel").getByText("Score: 100%").waitFor({ timeout: 30_000 });
    await bob.goto(`/courses/${slug}`);
    expect(await bob.getByTestId(`item-${homework.slug}`).innerText()).toMatch(/100%\s/);
  });
});

describe("an exam with hidden results", () => {
  it("the instructor creates an exam of 60 minutes inside a window", async () => {
    await teacher.goto(`/instructor/courses/${courseId}/assignments`);
    const form = teacher.getByRole("form", { name: "New assignment" });
    await form.getByLabel("Title").fill(`Midterm ${RUN}`);
    await form.getByLabel("This is an exam").check();
    await form.getByLabel(`Window opens (${TZ})`).fill(dateTimeLocalValue(now - 3_600_000, TZ));
    await form.getByLabel(`Window closes (${TZ})`).fill(dateTimeLocalValue(now + 2 * 3_600_000, TZ));
    await form.getByLabel("Exam: MulLayer").check();
    await form.getByLabel(/Minutes per student/).fill("60");
    await form.getByRole("button", { name: "Create assignment" }).click();
    await teacher.waitForURL((u) => /\/assignments\/[^/]+$/.test(u.pathname));
    await teacher.getByRole("heading", { name: `Midterm ${RUN}` }).waitFor();
    await teacher.getByTestId("release-panel").getByText("Results are hidden").waitFor();
  });

  it("a student starts it, submits, and sees 'submitted' but never a score", async () => {
    await ada.goto(`/courses/${slug}/${examItem.slug}`);
    await ada.getByTestId("item-closed").getByText("Start the exam to open its items.").waitFor();
    await ada.goto(`/courses/${slug}`);
    await ada.getByRole("button", { name: "Start exam (60 minutes)" }).click();
    await ada.getByRole("region", { name: `Exam: Midterm ${RUN}` }).getByTestId("exam-timer").waitFor();
    expect(await ada.getByTestId("exam-timer").first().innerText()).toMatch(/^(59|60):\d\d left$/);
    // No score next to an exam item, not even "0 %" before the first submission.
    await ada.goto(`/courses/${slug}/${examItem.slug}`);
    await ada.getByText("Scores are hidden until your instructor releases the results").waitFor();
    expect(await ada.getByText("Best score").count()).toBe(0);
    await submitSolution(ada, examItem.slug);
    const panel = ada.getByTestId("result-panel");
    await panel.getByTestId("result-withheld").getByText("Submitted").waitFor({ timeout: 30_000 });
    expect(await panel.innerText()).not.toMatch(/Score|%|hidden case|passed/);
    await ada.screenshot({ path: shot("exam-submitted"), fullPage: true });
    await ada.getByTestId("history").getByText("Submission history (1)").click();
    expect(await ada.getByTestId("history").getByRole("row").nth(1).innerText()).toMatch(/\tsubmitted\t/);
    await ada.reload();
    expect(await ada.getByTestId("item-status").innerText()).toBe("Submitted (results hidden until released)");
    // The last result again after the reload (issue 21): stored, its score still withheld.
    expect(await panel.getByTestId("result-withheld").innerText()).toContain("Your instructor releases the exam's results later");
    expect(await panel.innerText()).not.toMatch(/Score|%|hidden case|passed/);
    await ada.screenshot({ path: shot("exam-hidden-result"), fullPage: true });
    await ada.goto(`/courses/${slug}`);
    expect(await ada.getByTestId(`item-${examItem.slug}`).innerText()).toContain("submitted");
    const html = await ada.content();
    expect(html).not.toContain("100%</td>");
  });

  it("the instructor reads the exam log, dry-runs the release and releases; the student then sees the score", async () => {
    await teacher.reload();
    const log = teacher.getByTestId("exam-log");
    const row = log.getByRole("row").filter({ hasText: emails.ada });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/Exam: MulLayer · 100 %/);
    expect(await log.getByRole("row").filter({ hasText: emails.bob }).innerText()).toContain("not started");
    const release = teacher.getByTestId("release-panel");
    await release.getByRole("button", { name: "Dry-run release" }).click();
    await release.getByRole("status").getByText(`${emails.ada}: 1 item, 1 submission`).waitFor();
    await teacher.screenshot({ path: shot("exam-log-and-release"), fullPage: true });
    expect((await db().assignment.findFirstOrThrow({ where: { courseId, isExam: true }, select: { resultsReleasedAt: true } })).resultsReleasedAt).toBeNull();
    await release.getByRole("button", { name: "Release results" }).click();
    await release.getByRole("status").getByText(/^Released:/).waitFor();
    await ada.goto(`/courses/${slug}`);
    expect(await ada.getByTestId(`item-${examItem.slug}`).innerText()).toMatch(/Solved\s+100%/);
  });
});

describe("the dashboard's charts", () => {
  it("draws the course and item charts with their tables and CSV, and the gradebook keeps raw and credited apart", async () => {
    await teacher.goto(`/instructor/courses/${courseId}`);
    await teacher.getByTestId("chart-progress").locator("svg.chart-svg").waitFor();
    await teacher.getByTestId("chart-heatmap").locator("svg.chart-svg path").first().waitFor();
    const scores = teacher.getByTestId(`chart-scores-${homework.slug}`);
    expect(await scores.locator("svg.chart-svg rect").count()).toBeGreaterThan(0);
    await teacher.getByTestId(`chart-attempts-${homework.slug}`).locator("svg.chart-svg").waitFor();
    await teacher.getByTestId(`chart-time-${homework.slug}`).locator("svg.chart-svg").waitFor();
    await teacher.getByTestId(`chart-mistakes-${homework.slug}`).waitFor();
    // The table behind a chart.
    await scores.getByText("Data table").click();
    expect(await scores.getByRole("row", { name: "100 % 2" }).count()).toBe(1);
    // Ada's cell: credited 90 with raw 100 beside it.
    const adaRow = teacher.getByTestId("gradebook").getByRole("row").filter({ hasText: emails.ada });
    expect(await adaRow.getByRole("cell").first().innerText()).toMatch(/^90\s+raw 100/);
    await teacher.screenshot({ path: shot("course-charts"), fullPage: true });

    const [download] = await Promise.all([teacher.waitForEvent("download"), scores.getByRole("link", { name: "CSV" }).click()]);
    const text = fs.readFileSync(await download.path(), "utf8");
    expect(text.split("\r\n").slice(0, 2)).toEqual(['\uFEFF"Best score","Students"', '"0–19 %",0']);
    expect(text).toContain('"100 %",2');
    const [book] = await Promise.all([teacher.waitForEvent("download"), teacher.getByRole("link", { name: "Download gradebook CSV" }).click()]);
    const lines = fs.readFileSync(await book.path(), "utf8").split("\r\n");
    expect(lines[0]).toContain(`"Homework: MulLayer [${homework.slug}] credited (/1)","Homework: MulLayer [${homework.slug}] raw (/1)"`);
    // Homework late (90 % of its point), the exam on time; totals credited 1.9, raw 2.
    expect(lines.find((l) => l.startsWith(`"${emails.ada}"`))).toMatch(/^"[^"]+","ada-[^"]+",0\.9,1,1,1,1\.9,2,2,/);
    expect(violations).toEqual([]);
  });
});
