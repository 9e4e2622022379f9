import { describe, expect, it } from "vitest";
import { dateTime, percent } from "@/components/instructor/format";

// The instructor pages' numbers and dates in the reader's language (issue 18); English keeps the
// forms its pages and tests always had.

const AT = Date.UTC(2026, 11, 5, 9, 30);

describe("instructor formatters follow the locale", () => {
  it("Korean: Korean date order and words, percent without the space", () => {
    expect(dateTime(AT, "ko")).toBe("2026년 12월 5일 09:30 UTC");
    expect(dateTime(new Date(AT), "ko")).not.toMatch(/Dec|2026-12-05/);
    expect(percent(0.425, 1, "ko")).toBe("42.5%");
    expect(percent(1, 0, "ko")).toBe("100%");
    expect(percent(null, 0, "ko")).toBe("—");
  });

  it("English keeps its forms", () => {
    expect(dateTime(AT)).toBe("2026-12-05 09:30");
    expect(dateTime(AT, "en")).toBe("2026-12-05 09:30");
    expect(percent(0.425, 1, "en")).toBe("42.5 %");
    expect(percent(0.5)).toBe("50 %");
  });
});
