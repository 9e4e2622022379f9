import { describe, expect, it } from "vitest";
import { dateTimeLocalValue, dayInZone, instantOfWallTime, isTimeZone, parseWallTime, parseZonedTime } from "./time-zone";
import { englishText } from "@/lib/i18n/translate";

/** A refusal's reason as an English reader gets it (the reasons are userText references). */
function inEnglish<T>(r: T): T {
  return typeof r === "object" && r !== null && "reason" in r && typeof r.reason === "string" ? { ...r, reason: englishText(r.reason) } : r;
}

// Asymmetric matchers typed as unknown (they are `any`), so objects holding them stay type-safe.
const containing = (text: string): unknown => expect.stringContaining(text);


describe("wall-clock times in a course's time zone", () => {
  it("reads 'due 23:59' in the course's zone as the right UTC instant, summer and winter", () => {
    expect(parseZonedTime("2026-12-10 23:59", "Europe/Berlin")).toEqual({ ok: true, instant: new Date("2026-12-10T22:59:00Z") });
    expect(parseZonedTime("2026-07-10 23:59", "Europe/Berlin")).toEqual({ ok: true, instant: new Date("2026-07-10T21:59:00Z") });
    expect(parseZonedTime("2026-12-10T23:59", "America/New_York")).toEqual({ ok: true, instant: new Date("2026-12-11T04:59:00Z") });
    expect(parseZonedTime("2026-12-10 23:59", "Asia/Seoul")).toEqual({ ok: true, instant: new Date("2026-12-10T14:59:00Z") });
    expect(parseZonedTime("2026-12-10 23:59", "UTC")).toEqual({ ok: true, instant: new Date("2026-12-10T23:59:00Z") });
  });

  it("refuses a time the clocks skip and takes the first of a repeated hour", () => {
    // 2026-03-29 02:30 does not happen in Berlin (02:00 → 03:00).
    expect(inEnglish(instantOfWallTime({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, "Europe/Berlin"))).toMatchObject({ ok: false, reason: containing("does not exist") });
    // 2026-10-25 02:30 happens twice: CEST (00:30Z) first.
    expect(instantOfWallTime({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, "Europe/Berlin")).toEqual({ ok: true, instant: new Date("2026-10-25T00:30:00Z") });
  });

  it("refuses another notation: an offset, Z, a zone name or abbreviation, and dates that do not exist", () => {
    for (const text of ["2026-12-10T23:59Z", "2026-12-10 23:59+01:00", "2026-12-10 23:59 -0500", "2026-12-10 23:59 CET", "2026-12-10 23:59 Europe/Berlin", "2026-12-10 23:59 GMT+1", "2026-12-10 23:59 (UTC)"]) {
      expect(inEnglish(parseWallTime(text)), text).toMatchObject({ ok: false, reason: containing("names a time zone or offset") });
    }
    for (const text of ["2026-02-30 10:00", "2026-13-01 10:00", "2026-12-10 24:00", "10.12.2026 23:59", "tomorrow", ""]) {
      expect(parseWallTime(text), text).toMatchObject({ ok: false });
    }
  });

  it("shows an instant as a datetime-local value and by calendar day (displayed times: lib/i18n/format.ts formatTime)", () => {
    const instant = new Date("2026-12-10T22:59:00Z");
    expect(dateTimeLocalValue(instant, "Asia/Seoul")).toBe("2026-12-11T07:59");
    expect(dayInZone(instant.getTime(), "Europe/Berlin")).toBe("2026-12-10");
    expect(dayInZone(instant.getTime(), "Asia/Seoul")).toBe("2026-12-11");
    expect(isTimeZone("Europe/Berlin")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
  });
});
