import { describe, expect, it } from "vitest";
import { checkExtensionRecords, readExtensionCsv, type CsvContext } from "./extension-csv";
import { englishText } from "@/lib/i18n/translate";

/** Problems as an English reader gets them (the reasons are userText references). */
function inEnglish<T>(r: T): T {
  if (typeof r !== "object" || r === null || !("problems" in r) || !Array.isArray(r.problems)) return r;
  return { ...r, problems: (r.problems as { line: number; reason: string }[]).map((p) => ({ ...p, reason: englishText(p.reason) })) };
}

// An asymmetric matcher typed as unknown (it is `any`), so objects holding it stay type-safe.
const containing = (text: string): unknown => expect.stringContaining(text);

const release = Date.parse("2026-12-01T08:00:00Z");
const ctx: CsvContext = {
  timeZone: "Europe/Berlin",
  accounts: new Map([
    ["ada@example.com", { id: "u-ada", enrolled: true }],
    ["bob@example.com", { id: "u-bob", enrolled: true }],
    ["carol@example.com", { id: "u-carol", enrolled: true }],
    ["dave@example.com", { id: "u-dave", enrolled: true }],
    ["teacher@example.com", { id: "u-t", enrolled: false }],
  ]),
  assignments: new Map([
    ["week 3: layers", { id: "a-3", title: "Week 3: layers", releaseAt: release, isExam: false }],
    ["midterm", { id: "a-m", title: "Midterm", releaseAt: release, isExam: true }],
  ]),
};

function check(text: string) {
  const read = readExtensionCsv(text);
  return read.ok ? checkExtensionRecords(read.records, ctx) : read;
}

describe("extension CSV", () => {
  it("reads good rows with their line numbers: a new due time in the course's zone, or minutes", () => {
    const out = check("email,assignment,due,minutes\nAda@example.com,Week 3: layers,2026-12-12 23:59,\n\nbob@example.com;Midterm;;30\n");
    expect(out).toEqual({
      ok: true,
      rows: [
        { line: 2, email: "ada@example.com", userId: "u-ada", assignment: ctx.assignments.get("week 3: layers"), dueAt: new Date("2026-12-12T22:59:00Z"), extraMinutes: 0 },
        { line: 4, email: "bob@example.com", userId: "u-bob", assignment: ctx.assignments.get("midterm"), dueAt: null, extraMinutes: 30 },
      ],
    });
  });

  it("refuses every bad row with its line and reason, and returns no rows at all", () => {
    const text = [
      "email,assignment,due,minutes",
      "ada@example.com,Week 3: layers,2026-12-40 23:59,", // 2 bad date
      "nobody@example.com,Week 3: layers,2026-12-12 23:59,", // 3 unknown email
      "teacher@example.com,Week 3: layers,,30", // 4 not enrolled
      "bob@example.com,Week 3: layers,,30", // 5 good
      "bob@example.com,Week 3: layers,,45", // 6 duplicate of 5
      "ada@example.com,Midterm,2026-12-12T23:59+01:00,", // 7 other time-zone notation
      "ada@example.com,Week 9,,30", // 8 unknown assignment
      "bob@example.com,Midterm,2026-11-20 10:00,", // 9 due before release
      "carol@example.com,Midterm,,", // 10 neither
      "dave@example.com,Week 3: layers,,ten", // 11 bad minutes
    ].join("\n");
    const out = check(text);
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.problems.map((p) => p.line)).toEqual([2, 3, 4, 6, 7, 8, 9, 10, 11]);
    const reason = (line: number) => englishText(out.problems.find((p) => p.line === line)?.reason ?? "");
    expect(reason(2)).toContain("is not a date and time that exists");
    expect(reason(3)).toBe("no account has the email nobody@example.com");
    expect(reason(4)).toBe("teacher@example.com is not a student enrolled in this course");
    expect(reason(6)).toBe("duplicates line 5 (the same student and assignment)");
    expect(reason(7)).toContain('names a time zone or offset ("+01:00")');
    expect(reason(7)).toContain("course's time zone (Europe/Berlin)");
    expect(reason(8)).toBe('this course has no assignment named "Week 9"');
    expect(reason(9)).toContain("is before the assignment's release");
    expect(reason(10)).toContain("exactly one of the two");
    expect(reason(11)).toContain('"ten" is not a whole number of minutes');
  });

  it("refuses a file without the header, with a wrong field count, or empty", () => {
    expect(inEnglish(check("mail,assignment,when\nada@example.com,Midterm,2026-12-12 10:00"))).toMatchObject({ ok: false, problems: [{ line: 1, reason: containing("header must be exactly") }] });
    expect(inEnglish(check("email,assignment,due,minutes\nada@example.com,Midterm,,30,extra"))).toMatchObject({ ok: false, problems: [{ line: 2, reason: containing("expected 4 fields") }] });
    expect(check("")).toMatchObject({ ok: false, problems: [{ line: 0 }] });
    expect(inEnglish(check('email,assignment,due,minutes\n"ada@example.com,Midterm,,30'))).toMatchObject({ ok: false, problems: [{ reason: containing("not readable as CSV") }] });
  });
});
