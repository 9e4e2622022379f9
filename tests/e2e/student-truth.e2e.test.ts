import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { baseURL, launchBrowser, pasteIntoMonaco } from "./browser";

// Issue 21, item 5 "Students see the truth", walked by a newcomer in Chromium against the served
// app, at desktop size and on a 390 px phone: the first screen after sign-up offers to join a
// course; a refused submission says what happened and what to do (empty editor, a 3 MB paste,
// offline, a server error); the item header's status and best score change the moment a result
// arrives, for code and for every quiz kind; the last result is back after a reload; a solved
// quiz, and the last attempt, ask before an attempt is spent. Screenshots: tests/e2e/artifacts.

const ARTIFACTS = path.join(import.meta.dirname, "artifacts");
const shot = (name: string): string => path.join(ARTIFACTS, inject("topology") === "embedded" ? `${name}.png` : `${name}-${inject("topology")}.png`);
const COURSE = "/courses/backprop";

const SOLUTION = `export class MulLayer {
  x = 0;
  y = 0;
  forward(x: number, y: number): number {
    this.x = x;
    this.y = y;
    return x * y;
  }
  backward(dout: number): [number, number] {
    return [dout * this.y, dout * this.x];
  }
}
`;
const SWAPPED = SOLUTION.replace("return [dout * this.y, dout * this.x];", "return [dout * this.x, dout * this.y];");
/** About 3 MB of code, as a student might paste a data file by mistake. */
const HUGE = `${"// padding padding padding padding padding padding padding padding padding padding padding\n".repeat(33_000)}// end-of-big-paste\n`;

const VIEWPORTS = [
  { name: "desktop", width: 1400, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;

let browser: Browser;

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser.close();
});

for (const viewport of VIEWPORTS) {
  describe(`students see the truth (${viewport.name}, ${viewport.width} px)`, () => {
    let page: Page;
    const status = () => page.getByTestId("item-status");
    const panel = () => page.getByTestId("result-panel");

    beforeAll(async () => {
      const context = await browser.newContext({ baseURL: baseURL(), viewport: { width: viewport.width, height: viewport.height } });
      context.setDefaultTimeout(30_000);
      page = await context.newPage();
    });

    afterAll(async () => {
      await page.context().close();
    });

    /** A mark on the window: still there after a result means the page was not reloaded. */
    const markWindow = () => page.evaluate(() => Object.assign(window, { __noReload: true }));
    const stillSamePage = () => page.evaluate(() => "__noReload" in window);

    /** The element fits the screen's width (usable on a phone). */
    async function fitsWidth(locator: ReturnType<Page["locator"]>): Promise<void> {
      const box = await locator.boundingBox();
      expect(box).not.toBeNull();
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(viewport.width);
    }

    it("the first screen after sign-up has a join box; joining opens the course", async () => {
      await page.goto("/signup");
      await page.getByLabel("Email").fill(`truth-${viewport.name}-${randomUUID().slice(0, 8)}@example.com`);
      await page.getByLabel("Password").fill("correct horse battery");
      await page.getByRole("button", { name: "Create account" }).click();
      await page.getByRole("heading", { name: "Your courses" }).waitFor();
      const join = page.getByRole("form", { name: "Join a course" });
      await join.waitFor();
      await page.getByText("You are not enrolled in any course yet. Enter the join code your instructor gave you.").waitFor();
      await fitsWidth(join.getByRole("button", { name: "Join course" }));
      await page.screenshot({ path: shot(`truth-home-join-${viewport.name}`), fullPage: true });
      await join.getByLabel("Join code").fill("backprop");
      await join.getByRole("button", { name: "Join course" }).click();
      await page.waitForURL(`**${COURSE}`);
      await page.getByRole("heading", { name: "Backpropagation on Computational Graphs" }).waitFor();
    });

    it("refusals say what happened and what to do: empty code, a 3 MB paste, offline, a server error", async () => {
      await page.goto(`${COURSE}/mul-layer`);
      await page.locator(".monaco-editor .view-lines").waitFor();
      expect(await status().innerText()).toBe("Not started");

      // An empty editor.
      await page.locator(".monaco-editor").first().click();
      await page.keyboard.press("ControlOrMeta+A");
      await page.keyboard.press("Delete");
      await expect.poll(async () => (await page.locator(".monaco-editor .view-lines").first().innerText()).trim()).toBe("");
      await page.getByRole("button", { name: "Submit", exact: true }).click();
      const refusal = panel().getByTestId("refusal");
      await refusal.waitFor();
      expect(await refusal.innerText()).toMatch(/^Not sent\. The editor is empty, so there is no code to run or submit\./);
      expect(await panel().innerText()).not.toMatch(/try again in a moment|offline|could not be reached/i);
      await page.screenshot({ path: shot(`truth-empty-code-${viewport.name}`), fullPage: true });

      // A 3 MB paste: refused with its size and the limit; the draft is not "offline" either.
      await pasteIntoMonaco(page, HUGE);
      await page.getByRole("button", { name: "Submit", exact: true }).click();
      await expect.poll(() => refusal.innerText()).toMatch(/^Not sent\. Your code is \d{4}(\.\d)? KB; the limit for a submission is 64 KB\./);
      await expect.poll(() => page.getByTestId("save-status").innerText()).toMatch(/^Not saved: the code is \d{4}(\.\d)? KB and the limit is 64 KB/);
      expect(await page.getByTestId("save-status").innerText()).not.toMatch(/offline/i);
      await page.screenshot({ path: shot(`truth-too-large-${viewport.name}`), fullPage: true });

      // Offline, really: the network is down.
      await pasteIntoMonaco(page, SOLUTION);
      await page.context().setOffline(true);
      await page.getByRole("button", { name: "Run tests" }).click();
      const failure = panel().getByTestId("failure");
      await expect.poll(() => failure.innerText()).toMatch(/You are offline \(the network is down\), so nothing was sent\./);
      await page.screenshot({ path: shot(`truth-offline-${viewport.name}`), fullPage: true });
      await page.context().setOffline(false);

      // The network is up but the server fails the request (a body over its limit, made here by
      // padding the request on its way): the page says the server failed, not that it is offline.
      await page.route(`**${COURSE}/mul-layer`, async (route) => {
        const request = route.request();
        if (request.method() !== "POST" || !request.headers()["next-action"]) return route.continue();
        return route.continue({ postData: `${request.postData() ?? ""}${" ".repeat(3 * 1024 * 1024)}` });
      });
      await page.getByRole("button", { name: "Run tests" }).click();
      await expect.poll(() => failure.innerText()).toMatch(/^Could not get a result\. The server answered with an error \(.+\)\. Your code is kept in this browser/);
      expect(await failure.innerText()).not.toMatch(/offline/i);
      await page.unroute(`**${COURSE}/mul-layer`);
      await page.screenshot({ path: shot(`truth-server-error-${viewport.name}`), fullPage: true });
      // Nothing of this counted.
      expect(await status().innerText()).toBe("Not started");
    });

    it("code: the header and best score change the moment a result arrives; the last result is back after a reload", async () => {
      await page.goto(`${COURSE}/mul-layer`);
      await page.locator(".monaco-editor .view-lines").waitFor();
      await markWindow();
      await pasteIntoMonaco(page, SOLUTION);
      await page.getByRole("button", { name: "Submit", exact: true }).click();
      await panel().getByText("Score: 100%").waitFor();
      await expect.poll(() => status().innerText()).toBe("Solved");
      expect(await page.getByTestId("workbench-standing").innerText()).toMatch(/^Best score: 100%/);

      // A worse submission keeps the best; its diagnosis is the last result.
      await pasteIntoMonaco(page, SWAPPED);
      await page.getByRole("button", { name: "Submit", exact: true }).click();
      await panel().getByTestId("diagnosis").waitFor();
      expect(await status().innerText()).toBe("Solved");
      expect(await stillSamePage()).toBe(true);
      await page.screenshot({ path: shot(`truth-code-live-status-${viewport.name}`), fullPage: true });

      await page.reload();
      await panel().getByTestId("last-result-note").waitFor();
      expect(await panel().innerText()).toContain("Score: 0%");
      expect(await panel().getByTestId("diagnosis").innerText()).toMatch(/dx and dy are swapped/i);
      expect(await panel().getByRole("list", { name: "Tests" }).getByRole("listitem").count()).toBeGreaterThan(0);
      expect(await status().innerText()).toBe("Solved");
      await page.screenshot({ path: shot(`truth-code-after-reload-${viewport.name}`), fullPage: true });
    });

    it("numeric quiz: live status, last result after reload, and a solved quiz asks before spending an attempt", async () => {
      await page.goto(`${COURSE}/predict-dapple`);
      expect(await status().innerText()).toBe("Not started");
      await markWindow();
      const prompt = (await page.getByRole("article", { name: "Instructions" }).textContent()) ?? "";
      const m = /costs (\d+(?:\.\d+)?) won, you buy (\d+) of them, and the tax factor is (\d+(?:\.\d+)?)/.exec(prompt);
      expect(m).not.toBeNull();
      const dApple = Math.round(Number(m?.[2]) * Number(m?.[3]) * 1e6) / 1e6;
      const field = page.getByRole("textbox", { name: /dApple/ });
      const submit = page.getByRole("button", { name: "Submit answer" });

      await field.fill(String(dApple + 1));
      await submit.click();
      await panel().getByText("Score: 0%").waitFor();
      await expect.poll(() => status().innerText()).toBe("Attempted, best 0%");
      await field.fill(String(dApple));
      await submit.click();
      await panel().getByText("Score: 100%").waitFor();
      await expect.poll(() => status().innerText()).toBe("Solved");
      expect(await stillSamePage()).toBe(true);

      await page.reload();
      await panel().getByTestId("last-result-note").waitFor();
      expect(await panel().innerText()).toContain("Score: 100%");
      await page.getByText("✓ Correct").waitFor();
      expect(await field.inputValue()).toBe(String(dApple));

      // Solved: another answer is asked about first, with the attempts that remain.
      await submit.click();
      const confirm = page.getByTestId("submit-confirm");
      await confirm.waitFor();
      expect(await confirm.innerText()).toContain("You already have 100% on this question. Another answer uses an attempt (1 attempt left)");
      await fitsWidth(confirm.getByRole("button", { name: "Cancel" }));
      await page.screenshot({ path: shot(`truth-quiz-confirm-${viewport.name}`), fullPage: true });
      await confirm.getByRole("button", { name: "Cancel" }).click();
      await confirm.waitFor({ state: "detached" });
      await page.getByText("1 attempt left").waitFor();
      await submit.click();
      await confirm.getByRole("button", { name: "Submit anyway" }).click();
      await page.getByText("No attempts left.").waitFor();
      expect(await status().innerText()).toBe("Solved");
    });

    it("choice, ordering and graph quizzes: the header changes at once and the result is back after a reload", async () => {
      // Multiple choice (2 attempts): one answer, then the last attempt asks first.
      await page.goto(`${COURSE}/node-rules`);
      expect(await status().innerText()).toBe("Not started");
      await page.locator(".cr-choices input").first().check();
      await page.getByRole("button", { name: "Submit answer" }).click();
      await panel().getByText(/Score: \d+%/).waitFor();
      await expect.poll(() => status().innerText()).toMatch(/^(Attempted, best \d+%|Solved)$/);
      await page.getByRole("button", { name: "Submit answer" }).click();
      const confirm = page.getByTestId("submit-confirm");
      expect(await confirm.innerText()).toMatch(/This is your last attempt|You already have 100% on this question/);
      await page.screenshot({ path: shot(`truth-choice-last-attempt-${viewport.name}`), fullPage: true });
      await confirm.getByRole("button", { name: "Cancel" }).click();
      await page.reload();
      await panel().getByTestId("last-result-note").waitFor();
      expect(await panel().innerText()).toMatch(/Score: \d+%/);

      // Ordering (the order as given), reached from the course page and back through the page's
      // own links: the course page shows the new status too.
      await page.goto(COURSE);
      const row = page.getByTestId("item-backprop-order");
      expect(await row.innerText()).toMatch(/not started/i);
      await row.getByRole("link").first().click();
      await page.waitForURL(`**${COURSE}/backprop-order`);
      expect(await status().innerText()).toBe("Not started");
      await page.getByRole("button", { name: "Submit answer" }).click();
      await panel().getByText(/Score: \d+%/).waitFor();
      await expect.poll(() => status().innerText()).toMatch(/^(Attempted, best \d+%|Solved)$/);
      await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Backpropagation on Computational Graphs" }).click();
      await page.waitForURL((u) => u.pathname === COURSE);
      await expect.poll(() => row.innerText()).not.toMatch(/not started/i);
      await page.goto(`${COURSE}/backprop-order`);
      await panel().getByTestId("last-result-note").waitFor();

      // Graph fill-in, solved.
      await page.goto(`${COURSE}/apple-forward-graph`);
      expect(await status().innerText()).toBe("Not started");
      await markWindow();
      const prompt = (await page.getByRole("article", { name: "Instructions" }).textContent()) ?? "";
      const m = /You buy (\d+) apples at (\d+(?:\.\d+)?) won each[\s\S]*?tax factor (\d+(?:\.\d+)?)/.exec(prompt);
      expect(m).not.toBeNull();
      const [num, apple, tax] = [Number(m?.[1]), Number(m?.[2]), Number(m?.[3])];
      await page.getByRole("textbox", { name: "apple_price", exact: true }).fill(String(apple * num));
      await page.getByRole("textbox", { name: "price", exact: true }).fill(String(Math.round(apple * num * tax * 1e6) / 1e6));
      await page.getByRole("button", { name: "Submit answer" }).click();
      await panel().getByText("Score: 100%").waitFor();
      await expect.poll(() => status().innerText()).toBe("Solved");
      expect(await stillSamePage()).toBe(true);
      await page.screenshot({ path: shot(`truth-graph-live-status-${viewport.name}`), fullPage: true });
      await page.reload();
      await panel().getByTestId("last-result-note").waitFor();
      expect(await panel().innerText()).toContain("Score: 100%");
      await page.screenshot({ path: shot(`truth-graph-after-reload-${viewport.name}`), fullPage: true });
    });
  });
}
