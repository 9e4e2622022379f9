import { describe, expect, it } from "vitest";
import { formatTime, timeZoneLabel } from "./format";
import { parseTimeZone, resolveTimeZone, viewerTimeZone } from "./time-zone";

// Decision 127: one rule for every time shown (the viewer's zone, named), one helper.

describe("the viewer's time zone (the tz cookie)", () => {
  it("accepts the zones Intl knows, as their canonical names", () => {
    expect(parseTimeZone("Asia/Seoul")).toBe("Asia/Seoul");
    expect(parseTimeZone("America/New_York")).toBe("America/New_York");
    expect(parseTimeZone("UTC")).toBe("UTC");
    expect(parseTimeZone("asia/seoul")).toBe("Asia/Seoul");
    expect(parseTimeZone(" Europe/Berlin ")).toBe("Europe/Berlin");
  });

  it("refuses offsets, made-up names, injected cookie text and non-strings", () => {
    for (const bad of ["", "+09:00", "GMT+9", "Mars/Olympus_Mons", "Asia/Seoul; path=/", "Europe/Berlin\nX", "A".repeat(65), "../etc/passwd"]) {
      expect(parseTimeZone(bad), bad).toBeNull();
    }
    expect(parseTimeZone(undefined)).toBeNull();
    expect(parseTimeZone(9)).toBeNull();
  });

  it("falls back to the course's zone, then UTC, never to a bad value", () => {
    expect(resolveTimeZone("Asia/Seoul", "Europe/Berlin")).toBe("Asia/Seoul");
    expect(resolveTimeZone(undefined, "Europe/Berlin")).toBe("Europe/Berlin");
    expect(resolveTimeZone("Nowhere/Land", "Europe/Berlin")).toBe("Europe/Berlin");
    expect(resolveTimeZone(undefined, "Not/AZone")).toBe("UTC");
    expect(resolveTimeZone(undefined)).toBe("UTC");
    expect(viewerTimeZone({ timeZone: "America/New_York" }, "Asia/Seoul")).toBe("America/New_York");
    expect(viewerTimeZone(null, "Asia/Seoul")).toBe("Asia/Seoul");
    expect(viewerTimeZone({ timeZone: null })).toBe("UTC");
  });
});

describe("formatTime", () => {
  // 23:59 in Berlin on 10 December 2026 (CET, UTC+1).
  const due = Date.UTC(2026, 11, 10, 22, 59);

  it("shows one instant on each reader's clock, with the zone named", () => {
    expect(formatTime(due, { zone: "Europe/Berlin", locale: "en" })).toBe("Thu, 10 Dec 2026, 23:59 (Europe/Berlin)");
    expect(formatTime(due, { zone: "Asia/Seoul", locale: "en" })).toBe("Fri, 11 Dec 2026, 07:59 (Asia/Seoul)");
    expect(formatTime(due, { zone: "America/New_York", locale: "en" })).toBe("Thu, 10 Dec 2026, 17:59 (America/New_York)");
    expect(formatTime(new Date(due), { zone: "UTC", locale: "en" })).toBe("Thu, 10 Dec 2026, 22:59 (UTC)");
    expect(formatTime(new Date(due).toISOString(), { zone: "UTC", locale: "en" })).toBe("Thu, 10 Dec 2026, 22:59 (UTC)");
  });

  it("in the reader's language", () => {
    const ko = formatTime(due, { zone: "Asia/Seoul", locale: "ko" });
    expect(ko).toBe("2026년 12월 11일 (금) 07:59 (Asia/Seoul)");
    expect(ko).not.toMatch(/[AP]M|오전|오후/);
  });

  it("has shorter styles, and leaves the name out only when asked (a table names it in its header)", () => {
    expect(formatTime(due, { zone: "Asia/Seoul", locale: "en", style: "short" })).toBe("11 Dec 2026, 07:59 (Asia/Seoul)");
    expect(formatTime(due, { zone: "Asia/Seoul", locale: "en", style: "date" })).toBe("11 Dec 2026 (Asia/Seoul)");
    expect(formatTime(due, { zone: "America/New_York", locale: "en", style: "time" })).toBe("17:59 (America/New_York)");
    expect(formatTime(due, { zone: "Asia/Seoul", locale: "en", style: "short", named: false })).toBe("11 Dec 2026, 07:59");
    expect(timeZoneLabel("Asia/Seoul")).toBe("(Asia/Seoul)");
  });

  it("follows summer time: the same wall clock in July is another offset", () => {
    expect(formatTime(Date.UTC(2026, 6, 10, 21, 59), { zone: "Europe/Berlin", locale: "en" })).toBe("Fri, 10 Jul 2026, 23:59 (Europe/Berlin)");
  });
});
