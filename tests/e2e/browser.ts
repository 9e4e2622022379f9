// Headless Chromium from Debian's package (never `playwright install`: the machine is offline).
// Playwright gives each launch a fresh temporary profile.
import { chromium, type Browser, type Page } from "playwright-core";
import { expect, inject } from "vitest";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function baseURL(): string {
  return inject("baseURL");
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // Without the background-networking flags Chromium floods the closed network with requests.
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A page in a fresh context (own cookies), with relative URLs resolved against the test server. */
export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseURL() });
  context.setDefaultTimeout(15_000);
  return context.newPage();
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Pastes text into the visible Monaco editor, replacing everything (typing would auto-close brackets). */
export async function pasteIntoMonaco(page: Page, text: string): Promise<void> {
  const editor = page.locator(".monaco-editor").first();
  await editor.locator(".view-lines").waitFor();
  await editor.click();
  await page.keyboard.press("ControlOrMeta+A");
  await editor.locator("textarea").first().evaluate((el, t) => {
    const data = new DataTransfer();
    data.setData("text/plain", t);
    el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
  // After a paste the caret (and the view: Monaco renders only visible lines) is at the end.
  const lastLine = text.trimEnd().split("\n").pop()?.trim() ?? "";
  await expect.poll(async () => (await editor.locator(".view-lines").innerText()).replace(/\u00a0/g, " ")).toContain(lastLine);
}

export async function editFile(page: Page, tab: string, text: string): Promise<void> {
  await page.getByRole("tab", { name: tab }).click();
  await pasteIntoMonaco(page, text);
}
