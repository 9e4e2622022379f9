import { describe, expect, it } from "vitest";
import { translatorFor, userTextIn } from "./translate";
import { hasUserText, translateUserText, userText } from "./user-text";

describe("userText", () => {
  it("carries a key and parameters through a plain string to the reader's language", () => {
    const text = userText("errors.tooManyAttempts", { seconds: 30 });
    expect(hasUserText(text)).toBe(true);
    expect(userTextIn("en", text)).toBe("Too many attempts, try again in 30 s");
    expect(userTextIn("ko", text)).toBe("시도가 너무 많습니다. 30초 후 다시 시도하세요.");
    expect(userTextIn("ko", `Row 3: ${userText("errors.forbidden")}`)).toBe("Row 3: 권한이 없습니다.");
  });

  it("leaves other text alone", () => {
    expect(translateUserText("plain English", translatorFor("ko"))).toBe("plain English");
    expect(translateUserText("⟦i18n:not json⟧", translatorFor("ko"))).toBe("⟦i18n:not json⟧");
  });
});
