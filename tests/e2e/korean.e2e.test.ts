import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { baseURL, launchBrowser, pasteIntoMonaco } from "./browser";

// Issue 18 in a real browser: a student whose browser prefers Korean signs up and sees the
// interface in Korean (<html lang="ko">), enrols, opens the course, submits mul-layer with its
// inputs swapped and reads the diagnosis in Korean; switches to English in the header, sees
// English at once and reads the same mistake's diagnosis in English; the choice is remembered for
// the account (a new browser that prefers Korean still gets English after signing in).
// Screenshots of both languages land in tests/e2e/artifacts (git-ignored), rendered with a real
// CJK font (checked below: no tofu). Each step is its own `it` on one page.

const ARTIFACTS = path.join(import.meta.dirname, "artifacts");
const COURSE = "/courses/backprop";
const PASSWORD = "correct horse battery";
const email = `korean-${randomUUID().slice(0, 8)}@example.com`;
/** mul-layer with dx and dy swapped: the package's own known mistake "swapped". */
const SWAPPED = fs.readFileSync(path.join(import.meta.dirname, "..", "..", "exercises", "mul-layer", "mistakes", "swapped.ts"), "utf8");

let browser: Browser;
let context: BrowserContext;
let page: Page;

/** A context whose browser prefers Korean: Accept-Language ko-KR and navigator.language. */
async function koreanContext(): Promise<BrowserContext> {
  const c = await browser.newContext({ baseURL: baseURL(), locale: "ko-KR", viewport: { width: 1280, height: 900 } });
  c.setDefaultTimeout(15_000);
  return c;
}

const htmlLang = () => page.locator("html").getAttribute("lang");

/**
 * Opens mul-layer, pastes the swapped solution, submits with the button named `submit` and
 * answers the diagnosis shown. A paste that lands while the page is still settling can be
 * replaced by the editor's initial text, so it is pasted again (up to three times) until the
 * editor holds it.
 */
async function submitSwapped(title: string, submit: string): Promise<string> {
  await page.goto(`${COURSE}/mul-layer`);
  await page.getByRole("heading", { level: 1, name: title }).first().waitFor();
  const squeeze = (text: string) => text.replace(/\s+/g, "");
  const shown = async () => squeeze((await page.locator(".monaco-editor .view-lines").first().innerText()).replace(/\u00a0/g, " "));
  for (let attempt = 1; ; attempt++) {
    await pasteIntoMonaco(page, SWAPPED);
    if ((await shown()) === squeeze(SWAPPED) || attempt === 3) break;
  }
  expect(await shown()).toBe(squeeze(SWAPPED));
  await page.getByRole("button", { name: submit, exact: true }).click();
  const diagnosis = page.getByTestId("diagnosis");
  await diagnosis.waitFor();
  return (await diagnosis.textContent()) ?? "";
}

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchBrowser();
  context = await koreanContext();
  page = await context.newPage();
});

afterEach(async (ctx) => {
  // A failed step leaves the page it saw, for the reader of the CI log.
  if (ctx.task.result?.state === "fail") await page.screenshot({ path: path.join(ARTIFACTS, `korean-failed-${ctx.task.name.slice(0, 40).replace(/\W+/g, "-")}.png`), fullPage: true });
});

afterAll(async () => {
  await browser.close();
});

describe("a student whose browser prefers Korean", () => {
  it("has a Korean font on this machine (Chromium draws Hangul with it, not as boxes)", () => {
    // fontconfig is what Chromium asks on Linux; .ci/run installs fonts-noto-cjk when missing.
    const families = execFileSync("fc-list", [":lang=ko", "family"], { encoding: "utf8" });
    expect(families).toMatch(/Noto Sans CJK KR|Noto Sans KR|NanumGothic|UnDotum/);
  });

  it("sees the sign-up page in Korean and signs up", async () => {
    await page.goto("/signup");
    expect(await htmlLang()).toBe("ko");
    await page.getByRole("heading", { name: "계정 만들기" }).waitFor();
    await page.getByLabel("이메일").fill(email);
    await page.getByLabel("비밀번호").fill(PASSWORD);
    await page.getByRole("button", { name: "계정 만들기" }).click();
    await page.getByRole("heading", { name: "내 강좌" }).waitFor();
    expect(await htmlLang()).toBe("ko");
    await expect.poll(() => page.getByRole("navigation", { name: "주 메뉴" }).innerText()).toContain("내 진도");
  });

  it("renders Hangul with a real font: each syllable is its own glyph, not the missing-glyph box", async () => {
    // A character no font has is drawn as the .notdef box; tofu Hangul would draw the same box.
    // So the pixels of "한", "국" and an unassigned code point must all differ, in the page's font.
    const drawings = await page.evaluate(() => {
      const draw = (text: string): string => {
        const canvas = document.createElement("canvas");
        canvas.width = 48;
        canvas.height = 48;
        const ctx = canvas.getContext("2d");
        if (!ctx) return "";
        ctx.font = `32px ${getComputedStyle(document.body).fontFamily}`;
        ctx.fillText(text, 4, 36);
        return canvas.toDataURL();
      };
      return { han: draw("한"), guk: draw("국"), missing: draw("\u{10FFFD}"), blank: draw("") };
    });
    expect(drawings.han).not.toBe(drawings.blank);
    expect(drawings.han).not.toBe(drawings.missing);
    expect(drawings.guk).not.toBe(drawings.missing);
    expect(drawings.han).not.toBe(drawings.guk);
  });

  it("enrols with the join code and sees the course in Korean", async () => {
    await page.goto("/courses");
    await page.getByLabel("참여 코드").fill("nope-not-a-code");
    await page.getByRole("button", { name: "강좌 참여" }).click();
    // (Next's route announcer is an alert too: wait for the refusal itself, in Korean.)
    await page.getByRole("alert").filter({ hasText: "그 참여 코드를 쓰는 강좌가 없습니다" }).waitFor();
    await page.getByLabel("참여 코드").fill("backprop");
    await page.getByRole("button", { name: "강좌 참여" }).click();
    await page.waitForURL(`**${COURSE}`);
    expect(await htmlLang()).toBe("ko");
    expect(await page.getByTestId("progress-text").textContent()).toMatch(/^\d+문제 중 0문제 해결$/);
    expect(await page.getByTestId("item-mul-layer").textContent()).toContain("시작 안 함");
    await page.screenshot({ path: path.join(ARTIFACTS, "korean-course.png"), fullPage: true });
  });

  it("submits mul-layer with its inputs swapped and reads the diagnosis in Korean", async () => {
    const diagnosis = await submitSwapped("MulLayer: 엇갈려 곱하기", "제출");
    expect(diagnosis).toContain("dx와 dy가 뒤바뀐 것 같습니다");
    expect(diagnosis).toContain("반대편 값을 엇갈려 곱하여 흘려보냅니다");
    expect(diagnosis).not.toMatch(/swapped|Looks like/);
    await page.screenshot({ path: path.join(ARTIFACTS, "korean-mul-layer.png"), fullPage: true });
  });

  it("switches to English in the header and sees English at once", async () => {
    await page.goto("/progress");
    await page.getByRole("heading", { name: "내 진도" }).waitFor();
    await page.getByTestId("locale-switch").getByRole("button", { name: "English" }).click();
    await page.getByRole("heading", { name: "My progress" }).waitFor();
    expect(await htmlLang()).toBe("en");
    expect(await page.getByTestId("locale-switch").getByRole("button", { name: "English" }).getAttribute("aria-pressed")).toBe("true");
    await page.goto(COURSE);
    expect(await page.getByTestId("progress-text").textContent()).toMatch(/^0 of \d+ solved$/);
    await page.screenshot({ path: path.join(ARTIFACTS, "korean-student-in-english.png"), fullPage: true });
  });

  it("reads the same mistake's diagnosis in English after the switch", async () => {
    const diagnosis = await submitSwapped("MulLayer: swap and multiply", "Submit");
    expect(diagnosis).toMatch(/dx and dy are swapped/);
    expect(diagnosis).not.toMatch(/[가-힣]/);
    await page.screenshot({ path: path.join(ARTIFACTS, "korean-student-mul-layer-in-english.png"), fullPage: true });
  });

  it("keeps English for the account: a new Korean browser shows English once signed in", async () => {
    const other = await koreanContext();
    try {
      const fresh = await other.newPage();
      await fresh.goto("/signin");
      expect(await fresh.locator("html").getAttribute("lang")).toBe("ko");
      await fresh.getByLabel("이메일").fill(email);
      await fresh.getByLabel("비밀번호").fill(PASSWORD);
      await fresh.getByRole("button", { name: "로그인" }).click();
      await fresh.getByRole("heading", { name: "Your courses" }).waitFor();
      expect(await fresh.locator("html").getAttribute("lang")).toBe("en");
      // The API follows the account too, not this browser's Korean Accept-Language.
      const answer = await fresh.evaluate(async () => {
        const res = await fetch("/api/submissions", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ exerciseId: "", code: "x" }) });
        return (await res.json()) as { error?: string };
      });
      expect(answer.error).toBe("exerciseId is required");
    } finally {
      await other.close();
    }
  });

  it("switches back to Korean, and API errors follow the chosen language", async () => {
    await page.goto(COURSE);
    await page.getByTestId("locale-switch").getByRole("button", { name: "한국어" }).click();
    await page.getByTestId("progress-text").filter({ hasText: "문제 중" }).waitFor();
    expect(await htmlLang()).toBe("ko");
    // The submission API answers in the cookie's language (the page's fetch sends it).
    const answer = await page.evaluate(async () => {
      const res = await fetch("/api/submissions", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ exerciseId: "", code: "x" }) });
      return { status: res.status, body: (await res.json()) as { error?: string } };
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(/[가-힣]/);
  });
});
