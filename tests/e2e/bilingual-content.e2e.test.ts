import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { translationIssues } from "@/lib/exercises/i18n";
import { loadPackage } from "@/lib/exercises/loader";
import { baseURL, launchBrowser } from "./browser";

// Issue 18's content in a real browser: the glossary in each language, and a Korean reader's
// course item (title, prompt, glossary link) with the fallback notice exactly where an item's
// Korean is still missing. Korean is chosen by the `locale` cookie and Accept-Language, before
// signing in, as a Korean visitor's browser would. Screenshots go to tests/e2e/artifacts.

const ARTIFACTS = path.join(import.meta.dirname, "artifacts");
let browser: Browser;

async function context(locale: "en" | "ko"): Promise<BrowserContext> {
  const ctx = await browser.newContext({ baseURL: baseURL(), locale: locale === "ko" ? "ko-KR" : "en-GB", extraHTTPHeaders: { "Accept-Language": locale === "ko" ? "ko-KR,ko;q=0.9" : "en-GB,en;q=0.9" } });
  ctx.setDefaultTimeout(15_000);
  await ctx.addCookies([{ name: "locale", value: locale, url: baseURL() }]);
  return ctx;
}

/** Signs in the demo student by the form's fields (its labels are in the page's language). */
async function signInStudent(page: Page): Promise<void> {
  await page.goto("/signin");
  await page.locator('input[name="email"]').fill("student@example.com");
  await page.locator('input[name="password"]').fill("chainrule");
  await page.locator('input[name="password"]').press("Enter");
  await page.waitForURL((url) => !url.pathname.startsWith("/signin"));
}

beforeAll(async () => {
  browser = await launchBrowser();
  fs.mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser.close();
});

describe("bilingual course content in the browser", () => {
  it("shows the glossary in the reader's language, each term in both", async () => {
    const ko = await (await context("ko")).newPage();
    await ko.goto("/glossary");
    await ko.getByRole("heading", { name: "용어집" }).waitFor();
    const row = ko.locator("tr#chain-rule");
    expect(await row.innerText()).toMatch(/연쇄법칙[\s\S]*chain rule[\s\S]*겉미분 후 속미분/);
    expect(await row.locator(".katex").count()).toBeGreaterThan(0);
    await ko.screenshot({ path: path.join(ARTIFACTS, "glossary-ko.png"), fullPage: false });
    const en = await (await context("en")).newPage();
    await en.goto("/glossary");
    await en.getByRole("heading", { name: "Glossary" }).waitFor();
    expect(await en.locator("tr#mul-node").innerText()).toMatch(/곱셈 노드[\s\S]*multiplication node/);
  });

  it("shows a Korean reader mul-layer in Korean with the glossary link, and the fallback notice only where Korean is missing", async () => {
    const page = await (await context("ko")).newPage();
    await signInStudent(page);
    await page.goto("/courses/backprop/mul-layer");
    // The page title and the prompt's own heading.
    await page.getByRole("heading", { level: 1, name: "MulLayer: 엇갈려 곱하기" }).first().waitFor();
    expect(await page.getByRole("heading", { level: 1, name: "MulLayer: 엇갈려 곱하기" }).count()).toBe(2);
    await page.getByRole("heading", { name: "사과 예제" }).waitFor();
    expect(await page.getByTestId("content-fallback").count()).toBe(0);
    expect(await page.getByTestId("glossary-link").getAttribute("href")).toBe("/glossary");
    await page.screenshot({ path: path.join(ARTIFACTS, "mul-layer-prompt-ko.png"), fullPage: false });

    // An item whose Korean is missing (if any is left) is shown in English under the notice.
    for (const slug of ["predict-dapple", "node-rules", "add-layer"]) {
      const missing = translationIssues(await loadPackage(`exercises/${slug}`)).some((i) => i.locale === "ko" && i.kind === "missing");
      await page.goto(`/courses/backprop/${slug}`);
      await page.getByRole("heading", { level: 1 }).first().waitFor();
      expect(await page.getByTestId("content-fallback").count(), slug).toBe(missing ? 1 : 0);
    }
  });
});
