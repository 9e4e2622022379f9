import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { editFile, launchBrowser, newPage, pasteIntoMonaco, signIn } from "./browser";

// A new instructor's path, in a real browser against `next start`: sign in as the demo
// instructor, create a course, write a code item from scratch (prompt, starter, solution, hidden
// tests) in the browser, see a broken reference refused, publish, a student joins and solves it,
// the dashboard and the CSV show the score, then the instructor tightens a hidden test and a
// regrade dry run shows the score change. Screenshots go to tests/e2e/artifacts (git-ignored).

const ARTIFACTS = path.join(import.meta.dirname, "artifacts");
const RUN = randomUUID().slice(0, 6);
const COURSE_TITLE = `Test course ${RUN}`;
const COURSE_SLUG = `test-course-${RUN}`;
const ITEM_SLUG = `double-it-${RUN}`;

const PROMPT = "# Double it\n\nWrite `solve(x)` returning $2x$ for every real $x$.\n";
const STARTER = "export function solve(x: number): number {\n  return 0;\n}\n";
const SOLUTION = "export function solve(x: number): number {\n  return 2 * x;\n}\n";
const BROKEN_SOLUTION = "export function solve(x: number): number {\n  return 3 * x;\n}\n";
// The first hidden suite only draws positive x: too lenient, as the instructor finds out later.
const suite = (lo: number) => `import type { CodeSuite } from "@/lib/exercises/suite-types";
import { publicCases } from "./public";

const suite: CodeSuite<{ x: number }, number> = {
  kind: "code",
  driver: (mod, input) => (mod.solve as (x: number) => number)(input.x),
  publicCases,
  hiddenCases: (rng) =>
    Array.from({ length: 10 }, (_, i) => ({ name: \`hidden case \${i + 1}\`, input: { x: Math.round(rng.uniform(${lo}, 10) * 100) / 100 } })),
  expected: (input) => 2 * input.x,
};

export default suite;
`;
// What the student submits: right for x >= 0 only.
const STUDENT_CODE = "export function solve(x: number): number {\n  return 2 * Math.abs(x);\n}\n";

let browser: Browser;
let instructor: Page;
let student: Page;
let courseId = "";
let itemUrl = "";
let joinCode = "";

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchBrowser();
  instructor = await newPage(browser);
  await instructor.setViewportSize({ width: 1440, height: 900 });
  student = await newPage(browser);
});

afterAll(async () => {
  await browser.close();
});

describe("an instructor authors, publishes, grades and regrades an item", () => {
  it("creates a course and shows its join code", async () => {
    await signIn(instructor, "instructor@example.com", "chainrule");
    await instructor.getByRole("heading", { name: "Your courses" }).waitFor();
    await instructor.goto("/instructor");
    await instructor.getByLabel("Title").fill(COURSE_TITLE);
    await instructor.getByLabel("Slug").fill(COURSE_SLUG);
    await instructor.getByRole("button", { name: "Create course" }).click();
    joinCode = (await instructor.getByTestId("new-join-code").textContent()) ?? "";
    expect(joinCode).toMatch(/^[A-Z0-9]{8}$/);
    await instructor.reload();
    const card = instructor.getByRole("region", { name: COURSE_TITLE });
    await card.getByText(joinCode).waitFor();
    await card.getByRole("link", { name: "Items" }).click();
    await instructor.getByRole("heading", { name: `Items · ${COURSE_TITLE}` }).waitFor();
    courseId = new URL(instructor.url()).pathname.split("/")[3] ?? "";
    expect(courseId).not.toBe("");
  });

  it("writes a code item from scratch; a broken reference is refused, a correct one published", async () => {
    await instructor.getByRole("link", { name: "New code item" }).click();
    const editor = instructor.getByTestId("authoring-editor");
    await editor.waitFor();
    await instructor.getByLabel("Slug (folder name)").fill(ITEM_SLUG);
    await instructor.getByLabel("Title (English)", { exact: true }).fill("Double it");
    await instructor.getByLabel("Points").fill("2");
    await instructor.getByLabel("Required exports").fill("solve");
    await instructor.getByRole("textbox", { name: "Prompt in English" }).fill(PROMPT);
    // Live preview of the Markdown and math.
    await instructor.getByTestId("prompt-preview").getByRole("heading", { name: "Double it" }).waitFor();
    await instructor.getByTestId("prompt-preview").locator(".katex").first().waitFor();
    // Unpublished work survives a reload (kept in this browser until published).
    await instructor.reload();
    await instructor.getByText("Restored your unpublished changes from this browser.").waitFor();
    expect(await instructor.getByLabel("Title (English)", { exact: true }).inputValue()).toBe("Double it");
    expect(await instructor.getByRole("textbox", { name: "Prompt in English" }).inputValue()).toBe(PROMPT);

    await editFile(instructor, "Starter (what students see)", STARTER);
    await editFile(instructor, "Reference solution", BROKEN_SOLUTION);
    await editFile(instructor, "Hidden suite / generator", suite(0));

    await expect.poll(() => instructor.getByRole("button", { name: "Publish" }).isDisabled()).toBe(true);
    await instructor.getByRole("button", { name: "Validate" }).click();
    const validation = instructor.getByTestId("validation");
    await validation.getByRole("heading", { name: "Validation failed" }).waitFor({ timeout: 60_000 });
    const failed = validation.getByRole("listitem").filter({ hasText: "Reference solution scores 1 on every seed" });
    expect(await failed.textContent()).toMatch(/✗.*solution scores 0 on seed 1: hidden case 1: /);
    await instructor.getByRole("alert").filter({ hasText: "Validation failed" }).waitFor();
    expect(await instructor.getByRole("button", { name: "Publish" }).isDisabled()).toBe(true);
    await instructor.screenshot({ path: path.join(ARTIFACTS, "authoring-validation-failed.png"), fullPage: true });

    await editFile(instructor, "Reference solution", SOLUTION);
    expect(await instructor.getByRole("button", { name: "Publish" }).isDisabled()).toBe(true); // the draft changed since validation
    await instructor.getByRole("button", { name: "Validate" }).click();
    await validation.getByRole("heading", { name: "Validation passed" }).waitFor({ timeout: 60_000 });

    await instructor.getByRole("button", { name: "Preview as student" }).click();
    const preview = instructor.getByTestId("student-preview");
    await preview.getByRole("heading", { name: "Double it 2 pt" }).waitFor();
    await preview.locator(".monaco-editor .view-lines").waitFor();
    expect(await preview.innerText()).not.toContain("2 * x");
    await instructor.screenshot({ path: path.join(ARTIFACTS, "authoring-page.png"), fullPage: true });

    await instructor.getByRole("button", { name: "Publish" }).click();
    await instructor.waitForURL((u) => /\/items\/[^/]+$/.test(u.pathname) && !u.pathname.endsWith("/new"), { timeout: 60_000 });
    itemUrl = new URL(instructor.url()).pathname;
    await instructor.getByRole("heading", { name: `Edit ${ITEM_SLUG}` }).waitFor();

    // New items are published hidden: show it.
    await instructor.goto(`/instructor/courses/${courseId}/items`);
    await instructor.getByRole("button", { name: `Show ${ITEM_SLUG}` }).click();
    await instructor.getByRole("button", { name: `Hide ${ITEM_SLUG}` }).waitFor();
  });

  it("a student joins with the code and solves it", async () => {
    await student.goto("/signup");
    await student.getByLabel("Email").fill(`solver-${RUN}@example.com`);
    await student.getByLabel("Password").fill("correct horse battery");
    await student.getByRole("button", { name: "Create account" }).click();
    await student.getByRole("heading", { name: "Your courses" }).waitFor();
    await student.goto("/courses");
    await student.getByLabel("Join code").fill(joinCode);
    await student.getByRole("button", { name: "Join course" }).click();
    await student.getByRole("heading", { name: COURSE_TITLE }).waitFor();
    await student.goto(`/courses/${COURSE_SLUG}/${ITEM_SLUG}`);
    await student.getByRole("heading", { name: "Double it" }).first().waitFor();
    // The student's page never carries the solution or the hidden suite.
    const html = await student.content();
    expect(html).not.toContain("2 * x");
    expect(html).not.toContain("hiddenCases");
    await pasteIntoMonaco(student, STUDENT_CODE);
    await student.getByRole("button", { name: "Submit" }).click();
    await student.getByRole("status").filter({ hasText: "Score: 100%" }).waitFor({ timeout: 30_000 });
  });

  it("the dashboard and the gradebook CSV show the student's score", async () => {
    await instructor.goto(`/instructor/courses/${courseId}`);
    const table = instructor.getByTestId("gradebook");
    const row = table.getByRole("row").filter({ hasText: `solver-${RUN}@example.com` });
    await row.waitFor();
    expect(await row.getByRole("cell").first().textContent()).toContain("100");
    const stats = instructor.getByTestId(`item-stats-${ITEM_SLUG}`);
    expect(await stats.innerText()).toMatch(/Solved\s+100 %/);
    await instructor.screenshot({ path: path.join(ARTIFACTS, "dashboard.png"), fullPage: true });

    const [download] = await Promise.all([instructor.waitForEvent("download"), instructor.getByRole("link", { name: "Download gradebook CSV" }).click()]);
    expect(download.suggestedFilename()).toBe(`${COURSE_SLUG}-gradebook.csv`);
    const file = await download.path();
    const bytes = fs.readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // Every text field quoted (decision 068), numbers as numbers.
    const lines = bytes.toString("utf8").slice(1).split("\r\n");
    // Credited and raw points per item (equal here: the item is in no assignment), then both totals.
    expect(lines[0]).toBe(`"Email","Name","Double it [${ITEM_SLUG}] credited (/2)","Double it [${ITEM_SLUG}] raw (/2)","Total credited (/2)","Total raw (/2)","Solved","Last activity"`);
    expect(lines[1]).toMatch(new RegExp(`^"solver-${RUN}@example\\.com","",2,2,2,2,1,\\d{4}-`));
  });

  it("after the instructor tightens a hidden test, a regrade dry run shows the score change", async () => {
    await instructor.goto(itemUrl);
    await instructor.getByTestId("authoring-editor").waitFor();
    await editFile(instructor, "Hidden suite / generator", suite(-10));
    await instructor.getByRole("button", { name: "Validate" }).click();
    await instructor.getByTestId("validation").getByRole("heading", { name: "Validation passed" }).waitFor({ timeout: 60_000 });
    await instructor.getByRole("button", { name: "Publish" }).click();
    await instructor.getByRole("status").filter({ hasText: "Published a new version." }).waitFor({ timeout: 60_000 });

    await instructor.getByRole("button", { name: "Dry-run regrade" }).click();
    const table = instructor.getByTestId("regrade-table");
    const row = table.getByRole("row").filter({ hasText: `solver-${RUN}@example.com` });
    await row.waitFor({ timeout: 60_000 });
    const change = (await row.getByRole("cell").nth(3).textContent()) ?? "";
    const match = /100 % → (\d+) %/.exec(change);
    expect(match, change).not.toBeNull();
    expect(Number(match?.[1])).toBeLessThan(100);
    await instructor.screenshot({ path: path.join(ARTIFACTS, "regrade-dry-run.png"), fullPage: true });

    // Dry run changed nothing; applying moves the dashboard.
    await instructor.getByRole("button", { name: "Apply regrade" }).click();
    await instructor.getByRole("status").filter({ hasText: /^Applied:/ }).waitFor({ timeout: 60_000 });
    await instructor.goto(`/instructor/courses/${courseId}`);
    const cell = instructor.getByTestId("gradebook").getByRole("row").filter({ hasText: `solver-${RUN}@example.com` }).getByRole("cell").first();
    expect(await cell.textContent()).toContain(match?.[1] ?? "x");
  });

  it("drills down into the student's submissions and exports / re-imports the item", async () => {
    await instructor.getByRole("link", { name: `solver-${RUN}@example.com` }).first().click();
    await instructor.getByRole("heading", { name: `solver-${RUN}@example.com` }).waitFor();
    const submission = instructor.locator("summary").filter({ hasText: "submission" }).first();
    await submission.click();
    await instructor.getByText("2 * Math.abs(x)").first().waitFor();

    await instructor.goto(`/instructor/courses/${courseId}/items`);
    const [download] = await Promise.all([instructor.waitForEvent("download"), instructor.getByRole("link", { name: "Export .tar.gz" }).first().click()]);
    expect(download.suggestedFilename()).toBe(`${ITEM_SLUG}.tar.gz`);
    const file = await download.path();
    expect([...fs.readFileSync(file).subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    await instructor.getByLabel(/Package archive/).setInputFiles(file);
    await instructor.getByRole("button", { name: "Import" }).click();
    await instructor.getByRole("status").filter({ hasText: `Imported ${ITEM_SLUG} as a new version of the existing item` }).waitFor();
    await instructor.getByTestId("authoring-editor").waitFor();
  });

  it("refuses the instructor pages and APIs to students (403) and anonymous visitors (401)", async () => {
    const response = await student.goto(`/instructor/courses/${courseId}`);
    expect(response?.status()).toBe(403);
    for (const url of [`/api/instructor/courses/${courseId}/gradebook-csv`, `/api/instructor/courses/${courseId}/gradebook`, `${itemUrl.replace("/instructor/courses/" + courseId + "/items/", "/api/instructor/items/")}/export`]) {
      expect((await student.request.get(url)).status(), url).toBe(403);
      const anon = await fetch(new URL(url, student.url()).toString(), { redirect: "manual" });
      expect(anon.status, url).toBe(401);
    }
    const anonPage = await fetch(new URL(`/instructor/courses/${courseId}`, student.url()).toString(), { redirect: "manual" });
    expect([302, 307]).toContain(anonPage.status);
  });
});
