import { describe, expect, it } from "vitest";
import { percent } from "@/components/instructor/format";

// The instructor pages' numbers in the reader's language (issue 18); English keeps the forms its
// pages and tests always had. Dates: lib/i18n/time-zone.test.ts (formatTime, decision 127).

describe("instructor formatters follow the locale", () => {
  it("Korean: Korean date order and words, percent without the space", () => {
    expect(percent(0.425, 1, "ko")).toBe("42.5%");
    expect(percent(1, 0, "ko")).toBe("100%");
    expect(percent(null, 0, "ko")).toBe("—");
  });

  it("English keeps its forms", () => {
    expect(percent(0.425, 1, "en")).toBe("42.5 %");
    expect(percent(0.5)).toBe("50 %");
  });
});
