import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { translationIssues } from "@/lib/exercises/i18n";
import { loadPackage } from "@/lib/exercises/loader";
import { baseURL, launchBrowser } from "./browser";
import { DEMO_COURSE } from "@/lib/data/demo-accounts";

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
  it("shows a Korean-browser student who never chose a language Korean titles and feedback on every student page", async () => {
    // No `locale` cookie and the demo account's stored language is null (never switched): only
    // Accept-Language says Korean. Every page must read content in the request's language.
    const ctx = await browser.newContext({ baseURL: baseURL(), locale: "ko-KR", extraHTTPHeaders: { "Accept-Language": "ko-KR,ko;q=0.9,en;q=0.5" } });
    ctx.setDefaultTimeout(15_000);
    const page = await ctx.newPage();
    await signInStudent(page);
    expect((await ctx.cookies()).some((c) => c.name === "locale")).toBe(false);
    const koTitle = "MulLayer: 엇갈려 곱하기";
    const koCourse = "계산 그래프로 배우는 오차역전파법";

    // The item page and the grader's feedback (a wrong answer: score and the package's hint).
    await page.goto(`/courses/${DEMO_COURSE.slug}/mul-layer`);
    await page.getByRole("heading", { level: 1, name: koTitle }).first().waitFor();
    await page.goto(`/courses/${DEMO_COURSE.slug}/predict-dapple`);
    await page.getByRole("textbox", { name: /dApple/ }).fill("123456789");
    await page.getByRole("button", { name: "답 제출" }).click();
    await page.getByRole("status").filter({ hasText: "점수: 0%" }).waitFor();
    await expect.poll(() => page.locator("main").innerText()).toContain("소비세 노드는 apple_price에 tax를 돌려보냅니다");

    // My courses: the course's own Korean text.
    await page.goto("/courses");
    expect(await page.locator(".card__title").allInnerTexts()).toContain(koCourse);

    // The course outline: item titles in Korean; "0 / 5" in the attempts column never wraps, at
    // 1280 px and at 390 px (where the table scrolls in its card, not the page).
    await page.goto(`/courses/${DEMO_COURSE.slug}`);
    expect(await page.getByTestId("item-mul-layer").innerText()).toContain(koTitle);
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      const lines = await page.locator("table.cr-outline td.cr-num").evaluateAll((cells) =>
        cells.map((cell) => {
          const range = document.createRange();
          range.selectNodeContents(cell);
          return { text: cell.textContent ?? "", lines: new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size };
        }),
      );
      const attempts = lines.filter((l) => l.text.includes("/"));
      expect(attempts.length, `width ${width}`).toBeGreaterThan(0);
      expect(lines.filter((l) => l.lines > 1), `width ${width}`).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `width ${width}`).toBeLessThanOrEqual(width);
    }
    await page.setViewportSize({ width: 1280, height: 900 });

    // My progress: course and item titles in Korean.
    await page.goto("/progress");
    const progress = await page.locator("main").innerText();
    expect(progress).toContain(koCourse);
    expect(progress).toContain(koTitle);
    expect(progress).not.toContain("MulLayer: swap and multiply");
  }, 60_000);

  it("shows a Korean-browser instructor who never chose a language the items in Korean on the instructor pages", async () => {
    const ctx = await browser.newContext({ baseURL: baseURL(), locale: "ko-KR", extraHTTPHeaders: { "Accept-Language": "ko-KR,ko;q=0.9,en;q=0.5" } });
    ctx.setDefaultTimeout(15_000);
    const page = await ctx.newPage();
    await page.goto("/signin");
    await page.locator('input[name="email"]').fill("instructor@example.com");
    await page.locator('input[name="password"]').fill("chainrule");
    await page.locator('input[name="password"]').press("Enter");
    await page.waitForURL((url) => !url.pathname.startsWith("/signin"));
    await page.goto("/instructor");
    // The demo course's card (its join code is unique), then its item list.
    const items = page.locator("section, [role=region]").filter({ hasText: DEMO_COURSE.joinCode }).locator('a[href$="/items"]').first();
    const href = (await items.getAttribute("href")) ?? "";
    const base = href.replace(/\/items$/, "");
    expect(base).toMatch(/^\/instructor\/courses\/[^/]+$/);
    const koTitle = "MulLayer: 엇갈려 곱하기";
    for (const url of [href, base, `${base}/assignments`]) {
      await page.goto(url);
      const text = await page.locator("main").innerText();
      expect(text, url).toContain(koTitle);
      expect(text, url).not.toContain("MulLayer: swap and multiply");
    }
  }, 60_000);
});
