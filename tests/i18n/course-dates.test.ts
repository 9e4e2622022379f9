import { describe, expect, it } from "vitest";
import { describeLatePolicy, type AssignmentRules } from "@/lib/assignments/policy";
import { readExtensionCsv } from "@/lib/assignments/extension-csv";
import { instantOfWallTime, parseWallTime } from "@/lib/assignments/time-zone";
import { permitSubmission, type ItemRules } from "@/lib/data/credit";
import { formatTime } from "@/lib/i18n/format";
import { englishText, userTextIn } from "@/lib/i18n/translate";

// Late policies and the dates inside exam and assignment refusals (issue 18): the words through
// the latePolicy/errors messages, the dates in the reader's conventions (formatTime in the
// viewer's language and zone, named), both in the student's language.

const ZONE = "Asia/Seoul";
const RELEASE = Date.UTC(2026, 11, 10, 0, 0);
const DUE = Date.UTC(2026, 11, 17, 14, 59);
const UNTIL = Date.UTC(2026, 11, 20, 14, 59);
const HANGUL = /[\uac00-\ud7a3]/;

function itemRules(rules: Partial<AssignmentRules>): ItemRules {
  return {
    timeZone: ZONE,
    extraAttempts: 0,
    assignment: {
      id: "a1",
      rules: { releaseAt: RELEASE, dueAt: DUE, policy: { kind: "none" }, isExam: false, examMinutes: null, ...rules },
      extension: null,
      startedAt: null,
      resultsHidden: false,
      publicTestsInExam: false,
    },
  };
}

describe("late policies and refusal dates in the reader's language", () => {
  it("each late policy reads in Korean, with the date in Korean conventions; English keeps its wording", () => {
    const ko = (t: number) => formatTime(t, { zone: ZONE, locale: "ko" });
    const until = userTextIn("ko", describeLatePolicy({ kind: "until", until: UNTIL, factor: 0.5 }, ko));
    expect(until).toBe(`${ko(UNTIL)}까지의 지각 제출은 50%를 받고, 그 뒤의 제출은 점수를 받지 못합니다`);
    expect(ko(UNTIL)).toMatch(/^2026년 12월 20일 \(일\) 23:59/);
    expect(userTextIn("ko", describeLatePolicy({ kind: "per-day", penalty: 0.1, floor: 0.5 }, ko))).toBe("지각 제출은 하루가 시작될 때마다 10%씩 깎입니다(최저 50%)");
    expect(userTextIn("ko", describeLatePolicy({ kind: "none" }, ko))).toMatch(HANGUL);
    const en = (t: number) => formatTime(t, { zone: ZONE, locale: "en" });
    expect(englishText(describeLatePolicy({ kind: "per-day", penalty: 0.1, floor: 0.5 }, en))).toBe("late work loses 10 % per started day, never below 50 %");
    expect(englishText(describeLatePolicy({ kind: "per-hour", penalty: 0.125, floor: 0 }, en))).toBe("late work loses 12.5 % per started hour");
    expect(englishText(describeLatePolicy({ kind: "until", until: UNTIL, factor: 0.5 }, en))).toBe(`late work until ${en(UNTIL)} earns 50 %; later work nothing`);
    expect(englishText(describeLatePolicy({ kind: "none" }, en))).toBe("no late work: a late submission earns nothing");
  });

  it("a refusal before the release names the date in Korean for a Korean student", () => {
    const refused = permitSubmission({ staff: false, archived: false }, itemRules({}), new Date(RELEASE - 3_600_000), "hidden", "ko");
    expect(refused.ok).toBe(false);
    const text = refused.ok ? "" : userTextIn("ko", refused.message);
    expect(text).toContain(formatTime(RELEASE, { zone: ZONE, locale: "ko" }));
    expect(text).toMatch(/2026년 12월 10일 \(목\) 09:00/);
    expect(text).not.toMatch(/Dec|Thu|opens/);
    // In the student's own zone when the browser said it (decision 127), named.
    const inNewYork = permitSubmission({ staff: false, archived: false }, itemRules({}), new Date(RELEASE - 3_600_000), "hidden", "en", "America/New_York");
    expect(inNewYork.ok ? "" : englishText(inNewYork.message)).toContain("This assignment opens Wed, 9 Dec 2026, 19:00 (America/New_York)");
    const english = permitSubmission({ staff: false, archived: false }, itemRules({}), new Date(RELEASE - 3_600_000), "hidden");
    expect(english.ok ? "" : englishText(english.message)).toContain("This assignment opens Thu, 10 Dec 2026, 09:00 (Asia/Seoul)");
  });

  it("an exam closed for the student reads its closing date in Korean", () => {
    const refused = permitSubmission({ staff: false, archived: false }, itemRules({ isExam: true }), new Date(DUE + 60_000), "hidden", "ko");
    const text = refused.ok ? "" : userTextIn("ko", refused.message);
    expect(text).toMatch(HANGUL);
    expect(text).toContain(formatTime(DUE, { zone: ZONE, locale: "ko" }));
    expect(text).not.toMatch(/Dec|Thu/);
  });

  it("time-parsing and extension-CSV refusals read in Korean", () => {
    const zoned = parseWallTime("2026-12-10 23:59+01:00");
    expect(zoned.ok ? "" : userTextIn("ko", zoned.reason)).toBe('"2026-12-10 23:59+01:00"에 시간대나 오프셋("+01:00")이 있습니다. 시간대 없이 쓰세요');
    const skipped = instantOfWallTime({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, "Europe/Berlin");
    expect(skipped.ok ? "" : userTextIn("ko", skipped.reason)).toBe("Europe/Berlin에는 2026-03-29 02:30이(가) 없습니다(시계가 건너뜁니다)");
    const empty = readExtensionCsv("");
    expect(empty.ok ? "" : userTextIn("ko", empty.problems[0]?.reason ?? "")).toMatch(/^파일이 비어 있습니다/);
    expect(empty.ok ? "" : englishText(empty.problems[0]?.reason ?? "")).toMatch(/^The file is empty/);
  });
});
