import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import { readPackageFiles } from "@/lib/exercises/loader";
import { packageToTarGz } from "@/lib/exercises/package-archive";
import { editFile, launchBrowser, newPage, signIn } from "./browser";

// Hostile exercise packages through the real authoring UI in Chromium, the way an instructor (or
// a third-party archive) would bring them: written in the browser and validated, or imported as
// an archive. Each ends in a message that names the file, the function and what happened; none
// leaves a trace on the host: the marker file a suite tries to create never appears, and the
// server's session secret never shows up in anything the server answers.

const dir = path.join(process.cwd(), "tests/fixtures/hostile-packages");
const manifest = z
  .object({ marker: z.string(), cases: z.array(z.object({ file: z.string(), base: z.string(), message: z.string() })) })
  .parse(JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8")));
const caseOf = (file: string) => {
  const found = manifest.cases.find((c) => c.file === file);
  if (!found) throw new Error(`no case ${file}`);
  return { ...found, suite: readFileSync(path.join(dir, file), "utf8") };
};
const RUN = randomUUID().slice(0, 6);
const secret = inject("serverSecret");
const archives = mkdtempSync(path.join(os.tmpdir(), "chainrule-hostile-archives-"));

let browser: Browser;
let page: Page;
let courseId = "";

beforeAll(async () => {
  rmSync(manifest.marker, { force: true });
  browser = await launchBrowser();
  page = await newPage(browser);
  await signIn(page, "instructor@example.com", "chainrule");
  await page.getByRole("heading", { name: "Your courses" }).waitFor();
  await page.goto("/instructor");
  await page.getByLabel("Title").fill(`Hostile ${RUN}`);
  await page.getByLabel("Slug").fill(`hostile-${RUN}`);
  await page.getByRole("button", { name: "Create course" }).click();
  await page.getByTestId("new-join-code").waitFor();
  await page.reload();
  await page.getByRole("region", { name: `Hostile ${RUN}` }).getByRole("link", { name: "Items" }).click();
  await page.getByRole("heading", { name: `Items · Hostile ${RUN}` }).waitFor();
  courseId = new URL(page.url()).pathname.split("/")[3] ?? "";
}, 60_000);

afterAll(async () => {
  await browser.close();
  rmSync(archives, { recursive: true, force: true });
});

/** What the server answered, as the instructor sees it, must not hold the secret; no marker appeared. */
async function expectNoTrace(): Promise<void> {
  expect(secret.length).toBeGreaterThan(20);
  expect(await page.content()).not.toContain(secret);
  expect(existsSync(manifest.marker), "the marker file a suite tried to create").toBe(false);
}

async function validationText(): Promise<string> {
  await page.getByRole("button", { name: "Validate" }).click();
  const validation = page.getByTestId("validation");
  await validation.getByRole("heading", { name: "Validation failed" }).waitFor({ timeout: 60_000 });
  return (await validation.textContent()) ?? "";
}

describe("hostile packages written in the browser", () => {
  const written = ["process-exit.ts", "engine-escape.ts", "loop-expected.ts", "memory-cases.ts", "wrong-shape-cases.ts", "quiz-env-secret.ts"];
  for (const [i, file] of written.entries()) {
    it(`${file} ends in a message naming the file and function`, async () => {
      const c = caseOf(file);
      const quiz = c.base !== "mul-layer";
      await page.goto(`/instructor/courses/${courseId}/items/new${quiz ? "?kind=numeric" : ""}`);
      await page.getByTestId("authoring-editor").waitFor();
      // The suite first: once Monaco has its text the page is hydrated and has restored any draft
      // of this browser, so the fields typed next stay as typed (a slow machine once validated the
      // previous test's slug).
      await editFile(page, "Hidden suite / generator", c.suite);
      const slugField = page.getByLabel("Slug (folder name)");
      await slugField.fill(`hostile-${RUN}-${i}`);
      if (!quiz) await page.getByLabel("Required exports").fill("MulLayer");
      await expect.poll(() => slugField.inputValue()).toBe(`hostile-${RUN}-${i}`);
      const text = await validationText();
      expect(text).toMatch(new RegExp(c.message));
      expect(text).toContain(`hostile-${RUN}-${i}/suite.ts`);
      await expectNoTrace();
    }, 90_000);
  }
});

describe("hostile packages imported as an archive", () => {
  const imported = ["require-child-process.ts", "function-realm.ts", "finalization-registry.ts", "fetch-out.ts"];
  for (const [i, file] of imported.entries()) {
    it(`${file} ends in a message naming the file and function`, async () => {
      const c = caseOf(file);
      const slug = `imported-${RUN}-${i}`;
      const files = await readPackageFiles(path.join(process.cwd(), "exercises", c.base));
      const meta = JSON.parse(files["exercise.json"] ?? "{}") as Record<string, unknown>;
      const archive = path.join(archives, `${slug}.tar.gz`);
      writeFileSync(archive, packageToTarGz(slug, { ...files, "exercise.json": JSON.stringify({ ...meta, id: slug }), "suite.ts": c.suite }));
      await page.goto(`/instructor/courses/${courseId}/items`);
      await page.getByLabel(/Package archive/).setInputFiles(archive);
      await page.getByRole("button", { name: "Import" }).click();
      // A suite that does not even load is refused at import; one that loads fails its checks.
      const refused = page.getByRole("alert").filter({ hasText: "The package does not load" });
      const opened = page.getByRole("status").filter({ hasText: `Imported ${slug}` });
      await refused.or(opened).waitFor({ timeout: 60_000 });
      const text = (await refused.isVisible()) ? ((await refused.textContent()) ?? "") : await validationText();
      expect(text).toMatch(new RegExp(c.message));
      expect(text).toContain(`${slug}/suite.ts`);
      await expectNoTrace();
    }, 90_000);
  }
});
