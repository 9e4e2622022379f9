import { describe, expect, it } from "vitest";
import { negotiateLocale, resolveLocale } from "./negotiate";

describe("negotiateLocale", () => {
  it.each([
    ["ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7", "ko"],
    ["en-US,en;q=0.9,ko;q=0.8", "en"],
    ["en-US,ko;q=0.5", "en"],
    ["ko;q=0.8, en;q=0.3", "ko"],
    ["en;q=0.3, ko;q=0.8", "ko"],
    ["fr-FR,fr;q=0.9,ko;q=0.4", "ko"],
    ["fr-FR,de;q=0.9", "en"],
    ["KO", "ko"],
    ["ko;q=0, en;q=0.1", "en"],
    ["*", "en"],
    ["", "en"],
    [null, "en"],
    ["ko;q=abc", "en"],
  ])("%j → %s", (header, expected) => {
    expect(negotiateLocale(header)).toBe(expected);
  });
});

describe("resolveLocale", () => {
  it("prefers the user's choice, then the cookie, then the browser", () => {
    expect(resolveLocale({ userLocale: "en", cookie: "ko", acceptLanguage: "ko" })).toBe("en");
    expect(resolveLocale({ userLocale: null, cookie: "ko", acceptLanguage: "en" })).toBe("ko");
    expect(resolveLocale({ userLocale: null, cookie: "xx", acceptLanguage: "ko-KR" })).toBe("ko");
    expect(resolveLocale({})).toBe("en");
  });
});
